#include "domain/address.h"

#include <gtest/gtest.h>

namespace herald::domain {
namespace {

TEST(NormalizePhone, EverySpellingOfANorwegianMobileIsTheSameNumber) {
  for (const char* spelling : {"+47 900 00 000", "004790000000", "90000000", "+4790000000",
                               "900 00 000", "(+47) 900-00-000"})
    EXPECT_EQ(normalize_phone(spelling, "NO"), "+4790000000") << spelling;
}

TEST(NormalizePhone, NationalNumbersUseTheStoreCountry) {
  EXPECT_EQ(normalize_phone("11 91234-5678", "BR"), "+5511912345678");
  EXPECT_EQ(normalize_phone("+55 11 91234-5678", "NO"), "+5511912345678");
  EXPECT_EQ(normalize_phone("no", "ni"), std::nullopt);
}

TEST(NormalizePhone, RejectsWhatCannotBeANumber) {
  for (const char* bad : {"", "abc", "12", "+47 9", "sara@test.no"})
    EXPECT_EQ(normalize_phone(bad, "NO"), std::nullopt) << bad;
}

TEST(NormalizeEmail, TrimsAndLowercases) {
  EXPECT_EQ(normalize_email("  Sara@Test.NO "), "sara@test.no");
  for (const char* bad : {"", "sara", "@test.no", "sara@", "sa ra@test.no", "sara@nodot"})
    EXPECT_EQ(normalize_email(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace herald::domain
