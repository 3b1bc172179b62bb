// Every file of the provider corpus is read by some test (the test files register the ones
// their cases read): a new fixture without a test fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "providers/corpus.h"

namespace herald::providers {
namespace {

TEST(ProviderCorpus, EveryFileIsCovered) {
  const auto root = testing::providers_dir();
  ASSERT_TRUE(std::filesystem::is_directory(root))
      << "the provider corpus is missing: " << root << " (../shared beside the repository)";
  std::set<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const std::string rel = std::filesystem::relative(entry.path(), root).generic_string();
    if (rel == "README.md" || rel == "SOURCES.md") continue;
    files.insert(rel);
  }
  EXPECT_GE(files.size(), 100u);
  for (const auto& f : files)
    EXPECT_TRUE(testing::covered_files().contains(f)) << "no test reads " << f;
  for (const auto& f : testing::covered_files())
    EXPECT_TRUE(files.contains(f)) << "a test names a file the corpus does not have: " << f;
}

// The expectations the provider tests compare with are read from the Symfony fixtures: make
// sure they are read right, so that those comparisons are not vacuous.
TEST(ProviderCorpus, SymfonyExpectationsAreRead) {
  int files = 0;
  for (const auto& f : testing::covered_files()) {
    if (!f.ends_with(".php")) continue;
    SCOPED_TRACE(f);
    const auto want = testing::read_symfony(f);
    EXPECT_NO_THROW(testing::herald_type(want.kind));
    EXPECT_FALSE(want.recipient.empty());
    EXPECT_FALSE(want.id.empty());
    EXPECT_GE(want.at_ms, 0);
    ++files;
  }
  EXPECT_EQ(files, 28);  // mailgun 10, postmark 6, sendgrid 11, twilio 1

  const auto temporary = testing::read_symfony("mailgun/symfony_expected/temporary_failure.php");
  EXPECT_EQ(temporary.kind, "DEFERRED");
  EXPECT_EQ(temporary.reason,
            "4.2.2 The email account that you tried to reach is over quota. Please direct\n"
            "4.2.2 the recipient to\n4.2.2  https://support.example.com/mail/?p=422");
  EXPECT_EQ(temporary.at_ms, 1521472262908);
  const auto bounce = testing::read_symfony("postmark/symfony_expected/bounce.php");
  EXPECT_EQ(bounce.at_ms, *parse_rfc3339("2022-09-02T14:29:19.123Z"));
  EXPECT_EQ(bounce.id, "00000000-0000-0000-0000-000000000000");
  const auto sendgrid = testing::read_symfony("sendgrid/symfony_expected/bounce.php");
  EXPECT_EQ(sendgrid.at_ms, 1513299569000);
  EXPECT_EQ(sendgrid.reason, "500 unknown recipient");
  const auto sms = testing::read_symfony("twilio/symfony_expected/delivered.php");
  EXPECT_EQ(sms.recipient, "+15622089096");
  EXPECT_EQ(sms.at_ms, 0);
  EXPECT_FALSE(sms.has_reason);
}

}  // namespace
}  // namespace herald::providers
