// Secrets sealed with AES-256-GCM: they open only with their key and context.
#include "common/sealed_secret.h"

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "common/key_file.h"
#include "support/temp_dir.h"

namespace herald {
namespace {

std::string key(char fill) {
  return std::string(32, fill);
}

TEST(SealedSecret, OpensWithItsKeyAndContextOnly) {
  const SecretSealer sealer(key('a'));
  const auto sealed = sealer.seal("tok-12345678", "oms:1:affiliate_token");
  EXPECT_EQ(sealed.rfind("v1." + sealer.key_id() + ".", 0), 0u) << sealed;
  EXPECT_EQ(sealed.find("tok-12345678"), std::string::npos);
  EXPECT_EQ(sealer.open(sealed, "oms:1:affiliate_token"), "tok-12345678");
  EXPECT_THROW(sealer.open(sealed, "oms:2:affiliate_token"), Error);
  EXPECT_THROW(SecretSealer(key('b')).open(sealed, "oms:1:affiliate_token"), Error);
  auto tampered = sealed;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_THROW(sealer.open(tampered, "oms:1:affiliate_token"), Error);
  EXPECT_EQ(sealer.seal("", "x"), "");
  EXPECT_EQ(sealer.open("", "x"), "");
}

TEST(SealedSecret, EachSealingTakesAFreshNonce) {
  const SecretSealer sealer(key('a'));
  EXPECT_NE(sealer.seal("same", "c"), sealer.seal("same", "c"));
}

TEST(SealedSecret, AnotherKeyIsNamedInTheError) {
  const SecretSealer first(key('a')), second(key('b'));
  try {
    second.open(first.seal("x", "c"), "c");
    FAIL() << "opened with another key";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.detail()).find(first.key_id()), std::string::npos) << e.detail();
  }
}

TEST(KeyFile, IsCreatedOnceThenRead) {
  testing::TempDir dir;
  const std::string path = dir.file("sub/secrets.key");
  const auto k = load_or_create_key_file(path);
  EXPECT_EQ(k.size(), 32u);
  EXPECT_EQ(load_or_create_key_file(path), k);
  const auto perms = std::filesystem::status(path).permissions();
  EXPECT_EQ(perms & std::filesystem::perms::group_read, std::filesystem::perms::none);
  std::ofstream(dir.file("bad.key")) << "not a key\n";
  EXPECT_THROW(load_or_create_key_file(dir.file("bad.key")), Error);
}

TEST(KeyFile, HoldsHexDigitsInEitherCase) {
  testing::TempDir dir;
  const std::string hex = "00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  std::ofstream(dir.file("lower.key")) << hex << "\n";
  std::string upper = hex;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::ofstream(dir.file("upper.key")) << upper << "\r\n";
  const auto k = load_key_file(dir.file("lower.key"));
  EXPECT_EQ(k.size(), 32u);
  EXPECT_EQ(k.substr(0, 3), std::string("\x00\x11\x22", 3));
  EXPECT_EQ(load_key_file(dir.file("upper.key")), k);
  EXPECT_EQ(load_or_create_key_file(dir.file("upper.key")), k);
  std::ofstream(dir.file("odd.key")) << hex.substr(0, 63) << "g\n";
  EXPECT_THROW(load_key_file(dir.file("odd.key")), Error);
  std::ofstream(dir.file("short.key")) << hex.substr(0, 62) << "\n";
  EXPECT_THROW(load_or_create_key_file(dir.file("short.key")), Error);
}

TEST(KeyFile, AMissingFileIsCreatedOnlyWhenAsked) {
  testing::TempDir dir;
  try {
    load_key_file(dir.file("none.key"));
    FAIL() << "read a file that does not exist";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("none.key")));
  EXPECT_THROW(load_or_create_key_file(""), Error);
  EXPECT_THROW(load_key_file(""), Error);
}

}  // namespace
}  // namespace herald
