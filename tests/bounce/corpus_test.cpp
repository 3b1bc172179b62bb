// Golden test: every message of ../shared/corpus/bounces against labels.tsv (one row per
// failed recipient). Prints the accuracy of each column and every miss; fails below the
// accuracy targets below (reason 95 %, status 97 %, hard/soft 98 %).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bounce/bounce.h"

namespace herald::bounce {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(HERALD_SHARED_DIR) / "corpus" / "bounces";

struct Label {
  int index = 0;
  std::string status, reply_code, reason, hard_bounce, feedback_type;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

std::map<std::string, std::vector<Label>> read_labels() {
  std::map<std::string, std::vector<Label>> labels;
  std::ifstream in(kCorpus / "labels.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto f = split_tabs(line);
    if (f.size() < 7 || f[0] == "file") continue;
    labels[f[0]].push_back({std::stoi(f[1]), f[2], f[3], f[4], f[5], f[6]});
  }
  for (auto& [file, rows] : labels)
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Label& a, const Label& b) { return a.index < b.index; });
  return labels;
}

struct Column {
  const char* name;
  double target;  // percent; 0 when no target is set
  int right = 0;
};

TEST(BounceCorpus, MeetsAccuracyTargets) {
  ASSERT_TRUE(fs::is_directory(kCorpus / "eml"))
      << "bounce corpus missing: " << kCorpus << " (expected ../shared/corpus/bounces)";
  const auto labels = read_labels();
  ASSERT_GT(labels.size(), 300u) << "labels.tsv missing or short in " << kCorpus;

  Column columns[] = {
      {"reason", 95}, {"status", 97}, {"reply_code", 0}, {"hard_bounce", 98}, {"feedback_type", 0}};
  int rows = 0;
  std::vector<std::string> misses;
  for (const auto& [file, expected] : labels) {
    const fs::path path = kCorpus / "eml" / file;
    ASSERT_TRUE(fs::exists(path)) << "labelled file missing: " << path;
    const BounceReport report = parse_bounce(slurp(path));
    // Rows compare with recipients by index; where labels.tsv repeats an index, rows are
    // taken in order.
    bool repeated = false;
    for (std::size_t k = 1; k < expected.size(); ++k)
      repeated = repeated || expected[k].index == expected[k - 1].index;
    for (std::size_t k = 0; k < expected.size(); ++k) {
      const Label& want = expected[k];
      ++rows;
      std::size_t at = static_cast<std::size_t>(want.index - 1);
      if (repeated && k < report.recipients.size()) at = k;
      if (at >= report.recipients.size()) {
        misses.push_back(file + "#" + std::to_string(want.index) + ": no such recipient");
        continue;
      }
      const BounceRecipient& got = report.recipients[at];
      const std::string got_values[] = {got.reason, got.status, got.reply_code,
                                        got.hard_bounce ? "true" : "false", got.feedback_type};
      const std::string want_values[] = {want.reason, want.status, want.reply_code,
                                         want.hard_bounce, want.feedback_type};
      std::string wrong;
      for (int c = 0; c < 5; ++c) {
        if (got_values[c] == want_values[c]) {
          ++columns[c].right;
        } else {
          wrong += std::string(" ") + columns[c].name + "=" + got_values[c] + " (want " +
                   want_values[c] + ")";
        }
      }
      if (!wrong.empty())
        misses.push_back(file + "#" + std::to_string(want.index) + ":" + wrong + " | " +
                         got.diagnostic.substr(0, 100));
    }
  }

  std::printf("bounce corpus: %zu files, %d recipients\n", labels.size(), rows);
  for (const Column& c : columns)
    std::printf("  %-13s %6.2f %%  (%d/%d)%s\n", c.name, 100.0 * c.right / rows, c.right, rows,
                c.target > 0
                    ? (" target " + std::to_string(static_cast<int>(c.target)) + " %").c_str()
                    : "");
  std::printf("misses (%zu):\n", misses.size());
  for (const std::string& m : misses) std::printf("  %s\n", m.c_str());
  for (const Column& c : columns) {
    if (c.target > 0) {
      EXPECT_GE(100.0 * c.right / rows, c.target) << c.name << " accuracy below target";
    }
  }
}

TEST(BounceCorpus, RejectsEveryNonBounce) {
  const fs::path dir = kCorpus / "not-bounce";
  ASSERT_TRUE(fs::is_directory(dir)) << "bounce corpus missing: " << dir;
  int seen = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    ++seen;
    const BounceReport report = parse_bounce(slurp(entry.path()));
    EXPECT_FALSE(report.is_bounce) << entry.path().filename() << " taken for a bounce";
    EXPECT_TRUE(report.recipients.empty()) << entry.path().filename();
  }
  EXPECT_GT(seen, 0) << "no message in " << dir;
}

TEST(BounceCorpus, EveryLabelledMessageIsABounce) {
  ASSERT_TRUE(fs::is_directory(kCorpus / "eml")) << "bounce corpus missing: " << kCorpus;
  for (const auto& [file, expected] : read_labels()) {
    const BounceReport report = parse_bounce(slurp(kCorpus / "eml" / file));
    EXPECT_TRUE(report.is_bounce) << file;
  }
}

}  // namespace
}  // namespace herald::bounce
