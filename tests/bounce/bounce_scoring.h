#pragma once
// Scoring bounce parsing against labelled messages (the shared corpus and the public set):
// labels, per-column accuracy, and the sending system a corpus file comes from.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bounce/bounce.h"

namespace herald::bounce::scoring {

namespace fs = std::filesystem;

struct Label {
  int index = 0;
  std::string status, reply_code, reason, hard_bounce, feedback_type;
};

// file -> its rows, in recipient order.
using Labels = std::map<std::string, std::vector<Label>>;

inline std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const auto tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

// Rows "file index status reply_code reason hard_bounce feedback_type [more…]", tab-separated,
// the first row naming the columns; lines starting with '#' are comments.
inline Labels read_labels(const fs::path& tsv) {
  Labels labels;
  std::ifstream in(tsv);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const auto f = split_tabs(line);
    if (f.size() < 7 || f[0] == "file") continue;
    labels[f[0]].push_back({std::stoi(f[1]), f[2], f[3], f[4], f[5], f[6]});
  }
  for (auto& [file, rows] : labels)
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Label& a, const Label& b) { return a.index < b.index; });
  return labels;
}

enum Column { kReason, kStatus, kReplyCode, kHardBounce, kFeedbackType, kColumns };
inline constexpr const char* kColumnNames[kColumns] = {"reason", "status", "reply_code",
                                                       "hard_bounce", "feedback_type"};

struct Score {
  int rows = 0;
  int found = 0;  // rows whose recipient the parser found
  int right[kColumns] = {};
  std::vector<std::string> misses;

  double percent(Column c) const { return rows == 0 ? 0 : 100.0 * right[c] / rows; }
  double found_percent() const { return rows == 0 ? 0 : 100.0 * found / rows; }
  void add(const Score& o) {
    rows += o.rows;
    found += o.found;
    for (int c = 0; c < kColumns; ++c) right[c] += o.right[c];
    misses.insert(misses.end(), o.misses.begin(), o.misses.end());
  }
};

// Compares one parsed file with its rows. Rows compare with recipients by index; where the
// labels repeat an index, rows are taken in order.
inline Score score_file(const std::string& file, const std::vector<Label>& expected,
                        const BounceReport& report) {
  Score s;
  bool repeated = false;
  for (std::size_t k = 1; k < expected.size(); ++k)
    repeated = repeated || expected[k].index == expected[k - 1].index;
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const Label& want = expected[k];
    ++s.rows;
    std::size_t at = static_cast<std::size_t>(want.index - 1);
    if (repeated && k < report.recipients.size()) at = k;
    if (at >= report.recipients.size()) {
      s.misses.push_back(file + "#" + std::to_string(want.index) + ": no such recipient");
      continue;
    }
    ++s.found;
    const BounceRecipient& got = report.recipients[at];
    const std::string got_values[] = {got.reason, got.status, got.reply_code,
                                      got.hard_bounce ? "true" : "false", got.feedback_type};
    const std::string want_values[] = {want.reason, want.status, want.reply_code, want.hard_bounce,
                                       want.feedback_type};
    std::string wrong;
    for (int c = 0; c < kColumns; ++c) {
      if (got_values[c] == want_values[c]) {
        ++s.right[c];
      } else {
        wrong += std::string(" ") + kColumnNames[c] + "=" + got_values[c] + " (want " +
                 want_values[c] + ")";
      }
    }
    if (!wrong.empty())
      s.misses.push_back(file + "#" + std::to_string(want.index) + ":" + wrong + " | " +
                         got.diagnostic.substr(0, 100));
  }
  return s;
}

inline void print_score(const char* title, const Score& s, bool with_misses) {
  std::printf("%s: %d recipients\n", title, s.rows);
  for (int c = 0; c < kColumns; ++c)
    std::printf("  %-13s %6.2f %%  (%d/%d)\n", kColumnNames[c], s.percent(Column(c)), s.right[c],
                s.rows);
  std::printf("  %-13s %6.2f %%  (%d/%d)\n", "found", s.found_percent(), s.found, s.rows);
  if (!with_misses) return;
  std::printf("  misses (%zu):\n", s.misses.size());
  for (const std::string& m : s.misses) std::printf("    %s\n", m.c_str());
}

// The sending system a corpus file comes from: its name without the number
// ("lhost-postfix-12.eml" -> "lhost-postfix", "rhost-gsuite-3.eml" -> "rhost-gsuite").
inline std::string source_of(const std::string& file) {
  std::string s = file;
  if (s.ends_with(".eml")) s.resize(s.size() - 4);
  const auto dash = s.rfind('-');
  if (dash != std::string::npos && dash + 1 < s.size() &&
      s.find_first_not_of("0123456789", dash + 1) == std::string::npos)
    s.resize(dash);
  return s;
}

}  // namespace herald::bounce::scoring
