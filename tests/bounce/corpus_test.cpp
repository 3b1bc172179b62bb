// Golden test: every message of ../shared/corpus/bounces against labels.tsv (one row per
// failed recipient), scored twice. Leave-one-source-out first: the corpus is grouped by the
// system that sent each message (bounce_scoring.h, source_of), and each group is scored with the
// phrases of the reason tables that match only that group's files switched off, since such a
// phrase is a patch for those files, not a rule that holds on mail never seen. Then the whole
// corpus with every rule. Prints the accuracy of each column and every miss; fails below the
// floors (leave-one-source-out: just below what the rules reach now, short of the 90 / 95 / 95 %
// aimed at, so that a change that loses accuracy fails; corpus: reason 95 %, status 97 %,
// hard/soft 98 %).
// A family of reason_families.cpp counts as a pair of words: each word is switched off for the
// sources that alone complete a pair with it.
#include <gtest/gtest.h>

#include <cstdio>
#include <set>

#include "bounce/bounce_scoring.h"
#include "domain/phrase_index.h"
#include "support/test_paths.h"

namespace herald::bounce {
namespace {

using namespace scoring;

const fs::path kCorpus = herald::testing::shared_dir() / "corpus" / "bounces";

struct Evaluation {
  Score corpus;
  Score loso;
  std::map<std::string, Score> loso_by_source;
  std::map<std::string, std::vector<std::string>> patches;  // source -> its own phrases
};

BounceReport parse_file(const std::string& file) {
  return parse_bounce(slurp(kCorpus / "eml" / file));
}

Evaluation evaluate() {
  Evaluation e;
  const Labels labels = read_labels(kCorpus / "labels.tsv");
  // Which sources' files each phrase matches, with every phrase on.
  std::vector<std::set<std::string>> sources(domain::phrase_count());
  std::map<std::string, std::vector<std::string>> files_of;
  for (const auto& [file, expected] : labels) {
    domain::PhraseAudit audit;
    domain::install_phrase_audit(&audit);
    const BounceReport report = parse_file(file);
    domain::install_phrase_audit(nullptr);
    e.corpus.add(score_file(file, expected, report));
    const std::string source = source_of(file);
    files_of[source].push_back(file);
    for (std::size_t id = 0; id < audit.fired.size(); ++id)
      if (audit.fired[id]) sources[id].insert(source);
  }
  for (const auto& [source, files] : files_of) {
    domain::PhraseAudit audit;
    domain::install_phrase_audit(&audit);
    for (std::size_t id = 0; id < sources.size(); ++id) {
      if (sources[id].size() == 1 && *sources[id].begin() == source) {
        audit.disabled[id] = true;
        e.patches[source].push_back(domain::phrase_name(id));
      }
    }
    Score s;
    for (const std::string& file : files)
      s.add(score_file(file, labels.at(file), parse_file(file)));
    domain::install_phrase_audit(nullptr);
    e.loso.add(s);
    e.loso_by_source[source] = s;
  }
  return e;
}

const Evaluation& evaluation() {
  static const Evaluation e = evaluate();
  return e;
}

void expect_targets(const Score& s, double reason, double status, double hard) {
  EXPECT_GE(s.percent(kReason), reason) << "reason accuracy below target";
  EXPECT_GE(s.percent(kStatus), status) << "status accuracy below target";
  EXPECT_GE(s.percent(kHardBounce), hard) << "hard/soft accuracy below target";
}

TEST(BounceCorpus, GeneralisesToSourcesLeftOut) {
  ASSERT_TRUE(fs::is_directory(kCorpus / "eml"))
      << "bounce corpus missing: " << kCorpus << " (expected ../shared/corpus/bounces)";
  const Evaluation& e = evaluation();
  ASSERT_GT(e.corpus.rows, 300) << "labels.tsv missing or short in " << kCorpus;
  std::printf("leave-one-source-out, %zu sources (reason / status / hard-soft / found):\n",
              e.loso_by_source.size());
  for (const auto& [source, s] : e.loso_by_source) {
    const auto p = e.patches.find(source);
    std::printf("  %-16s %3d rows  %6.1f %6.1f %6.1f %6.1f  %zu own phrases off\n", source.c_str(),
                s.rows, s.percent(kReason), s.percent(kStatus), s.percent(kHardBounce),
                s.found_percent(), p == e.patches.end() ? 0 : p->second.size());
  }
  std::printf("phrases that match one source only (off while it is scored):\n");
  for (const auto& [source, phrases] : e.patches)
    for (const std::string& phrase : phrases)
      std::printf("  %-16s %s\n", source.c_str(), phrase.c_str());
  print_score("bounce corpus, leave-one-source-out", e.loso, true);
  expect_targets(e.loso, 83, 92.5, 95.5);
}

TEST(BounceCorpus, MeetsAccuracyTargets) {
  ASSERT_TRUE(fs::is_directory(kCorpus / "eml"))
      << "bounce corpus missing: " << kCorpus << " (expected ../shared/corpus/bounces)";
  const Evaluation& e = evaluation();
  ASSERT_GT(e.corpus.rows, 300) << "labels.tsv missing or short in " << kCorpus;
  print_score("bounce corpus, every rule", e.corpus, true);
  expect_targets(e.corpus, 95, 97, 98);
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
  for (const auto& [file, expected] : read_labels(kCorpus / "labels.tsv")) {
    const BounceReport report = parse_file(file);
    EXPECT_TRUE(report.is_bounce) << file;
  }
}

}  // namespace
}  // namespace herald::bounce
