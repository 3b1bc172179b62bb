// Golden test of the reason families: every example of reason_families.tsv is read for the
// reason classes its words name, and the family's class must be among them (or, for a "no"
// row, not). Each family's class has at least three examples that say it.
#include "domain/reason_families.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "domain/phrase_index.h"
#include "support/test_paths.h"

namespace herald::domain {
namespace {

const std::filesystem::path kExamples =
    herald::testing::test_data_dir().parent_path() / "domain" / "reason_families.tsv";

struct Example {
  std::string reason;
  bool said;
  std::string text;
};

std::vector<Example> read_examples() {
  std::vector<Example> out;
  std::ifstream in(kExamples);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto a = line.find('\t');
    const auto b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    if (line.substr(0, a) == "reason") continue;
    out.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1) == "yes", line.substr(b + 1)});
  }
  return out;
}

TEST(ReasonFamilies, EachFamilySaysItsReasonInItsExamples) {
  const auto examples = read_examples();
  ASSERT_GT(examples.size(), 50u) << "examples missing: " << kExamples;
  std::map<std::string, int> positives;
  for (const Example& e : examples) {
    const ReasonSet said = reasons_in(e.text);
    EXPECT_EQ(said.has(e.reason), e.said)
        << (e.said ? "not read as " : "wrongly read as ") << e.reason << ": " << e.text;
    if (e.said) ++positives[e.reason];
  }
  for (const ReasonFamily& f : reason_families())
    EXPECT_GE(positives[std::string(f.reason)], 3) << "too few examples of " << f.idea;
}

// A family's words only count close together: "user" early in a report and "unknown" much
// later are not one idea.
TEST(ReasonFamilies, WordsFarApartSayNothing) {
  const std::string far = "The user " + std::string(60, 'x') + " unknown";
  EXPECT_FALSE(reasons_in(far).has("userunknown"));
  EXPECT_TRUE(reasons_in("The user is unknown").has("userunknown"));
}

}  // namespace
}  // namespace herald::domain

namespace herald::domain {
namespace {

std::size_t id_of(std::string_view name) {
  for (std::size_t id = 0; id < phrase_count(); ++id)
    if (phrase_name(id) == name) return id;
  ADD_FAILURE() << "no phrase " << name;
  return 0;
}

// The leave-one-source-out score rests on the audit: it must see what decided a reading, and
// a phrase or word it switches off must stop counting.
TEST(PhraseAudit, RecordsWhatMatchedAndIgnoresWhatIsSwitchedOff) {
  PhraseAudit audit;
  install_phrase_audit(&audit);
  EXPECT_TRUE(reasons_in("552 Mailbox full").has("mailboxfull"));
  EXPECT_TRUE(audit.fired[id_of("mailboxfull: mailbox full")]);
  // A family's word counts as matched only when it completes a pair.
  EXPECT_FALSE(reasons_in("The user read it").any());
  EXPECT_FALSE(audit.fired[id_of("userunknown (the mailbox does not exist) subject: user")]);
  EXPECT_TRUE(reasons_in("The user does not exist").has("userunknown"));
  EXPECT_TRUE(audit.fired[id_of("userunknown (the mailbox does not exist) subject: user")]);
  EXPECT_TRUE(audit.fired[id_of("userunknown (the mailbox does not exist) after: does not exist")]);

  audit.disabled[id_of("mailboxfull: mailbox full")] = true;
  audit.disabled[id_of("mailboxfull (the mailbox is full) subject: mailbox")] = true;
  EXPECT_FALSE(reasons_in("552 Mailbox full").has("mailboxfull"));
  install_phrase_audit(nullptr);
  EXPECT_TRUE(reasons_in("552 Mailbox full").has("mailboxfull"));
}

}  // namespace
}  // namespace herald::domain
