// ASCII case folding: the word-at-a-time lowering agrees with the byte rule everywhere.
#include "common/ascii.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

std::string lowered_byte_by_byte(std::string s) {
  for (char& c : s) c = ascii_lower(c);
  return s;
}

TEST(AsciiLower, EveryByteAtEveryPositionOfAWordAndOfTheTail) {
  for (std::size_t length = 1; length <= 19; ++length)
    for (std::size_t at = 0; at < length; ++at)
      for (int b = 0; b < 256; ++b) {
        std::string s(length, 'Q');
        s[at] = static_cast<char>(b);
        ASSERT_EQ(ascii_lower(s), lowered_byte_by_byte(s))
            << "length " << length << " at " << at << " byte " << b;
      }
}

TEST(AsciiLower, LettersBesideEveryOtherByte) {
  std::string all;
  for (int b = 255; b >= 0; --b) all += static_cast<char>(b);
  for (int b = 0; b < 256; b += 3) all += static_cast<char>(b);
  EXPECT_EQ(ascii_lower(all), lowered_byte_by_byte(all));
  EXPECT_EQ(ascii_lower("Mailbox FULL: Über@Example.NO"), "mailbox full: Über@example.no");
  EXPECT_EQ(ascii_lower(""), "");
}

}  // namespace
}  // namespace herald
