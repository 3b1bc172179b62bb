#include "store/log_search_terms.h"

#include <gtest/gtest.h>

namespace herald::store {
namespace {

using Words = std::vector<std::string>;

TEST(LogSearchTerms, SubjectWordsSplitAtAsciiPunctuationAndKeepNonAscii) {
  EXPECT_EQ(subject_search_words("Ordre #1042 er på vei!"),
            (Words{"Ordre", "1042", "er", "på", "vei"}));
  EXPECT_EQ(subject_search_words("  --  "), Words{});
}

TEST(LogSearchTerms, SubjectWordsAreCutToSixCharactersNotSixBytes) {
  EXPECT_EQ(subject_search_words("delivered"), Words{"delive"});
  EXPECT_EQ(subject_search_words("blåbærsyltetøy"), Words{"blåbær"});
}

TEST(LogSearchTerms, OnlyAPlainWholeAddressIsMatchedExactly) {
  EXPECT_TRUE(is_whole_address("shop@example.com"));
  EXPECT_FALSE(is_whole_address("shop@example"));
  EXPECT_FALSE(is_whole_address("@example.com"));
  EXPECT_FALSE(is_whole_address("shop@example.com."));
  EXPECT_FALSE(is_whole_address("sh%p@example.com"));
  EXPECT_FALSE(is_whole_address("Shop <shop@example.com>"));
}

}  // namespace
}  // namespace herald::store
