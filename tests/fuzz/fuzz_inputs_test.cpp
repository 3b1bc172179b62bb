// Every seed of fuzz/corpus/<harness>/ and every input a fuzzer once crashed on, kept in
// fuzz/regressions/<harness>/, goes through the harness's entry point (fuzz/entries/): none may
// throw anything but the typed refusal the entry point expects, nor crash (make test-asan also
// runs these under ASan and UBSan).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "entries/entries.h"

namespace herald::fuzz {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> files_in(const fs::path& folder) {
  std::vector<fs::path> out;
  if (fs::is_directory(folder))
    for (const auto& f : fs::directory_iterator(folder))
      if (f.is_regular_file()) out.push_back(f.path());
  return out;
}

void replay(const Harness& h, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  const std::string input((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  SCOPED_TRACE(file.string());
  EXPECT_NO_THROW(
      EXPECT_EQ(h.run(reinterpret_cast<const uint8_t*>(input.data()), input.size()), 0));
}

class FuzzInputs : public ::testing::TestWithParam<Harness> {};

TEST_P(FuzzInputs, SeedsPassThroughTheEntryPoint) {
  const auto seeds = files_in(fs::path(HERALD_FUZZ_DIR) / "corpus" / GetParam().name);
  ASSERT_FALSE(seeds.empty()) << "fuzz/corpus/" << GetParam().name << " has no seed";
  for (const auto& f : seeds) replay(GetParam(), f);
}

TEST_P(FuzzInputs, KeptCrashReproducersNoLongerCrash) {
  for (const auto& f : files_in(fs::path(HERALD_FUZZ_DIR) / "regressions" / GetParam().name))
    replay(GetParam(), f);
}

TEST(FuzzInputs, EveryReproducerFolderNamesAHarness) {
  for (const auto& folder : fs::directory_iterator(fs::path(HERALD_FUZZ_DIR) / "regressions")) {
    if (!folder.is_directory()) continue;
    bool known = false;
    for (const auto& h : harnesses()) known = known || h.name == folder.path().filename().string();
    EXPECT_TRUE(known) << folder.path();
  }
}

INSTANTIATE_TEST_SUITE_P(Harnesses, FuzzInputs, ::testing::ValuesIn(harnesses()),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace herald::fuzz
