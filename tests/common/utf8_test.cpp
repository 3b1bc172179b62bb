#include "common/utf8.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(Utf8Text, ValidUtf8IsKeptAsItIs) {
  const std::string text = "Empf\xc3\xa4nger \xe2\x98\x83 \xf0\x9f\x9a\x80 plain";
  EXPECT_TRUE(is_utf8_text(text));
  EXPECT_EQ(utf8_text(text), text);
}

TEST(Utf8Text, EightBitBytesAreReadAsWindows1252) {
  EXPECT_FALSE(is_utf8_text("Empf\xe4nger"));
  EXPECT_EQ(utf8_text("Empf\xe4nger"), "Empf\xc3\xa4nger");
  EXPECT_EQ(utf8_text("\x80 \x93quoted\x94 \x81"),
            "\xe2\x82\xac \xe2\x80\x9cquoted\xe2\x80\x9d \xc2\x81");
  // Valid sequences beside invalid bytes stay as they are.
  EXPECT_EQ(utf8_text("\xff\xc3\xa6"), "\xc3\xbf\xc3\xa6");
}

TEST(Utf8Text, OverlongFormsSurrogatesCutSequencesAndNulAreNotUtf8Text) {
  EXPECT_FALSE(is_utf8_text("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_utf8_text("\xed\xa0\x80"));      // a surrogate
  EXPECT_FALSE(is_utf8_text("\xf4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_utf8_text("ab\xe2\x98"));        // cut
  EXPECT_FALSE(is_utf8_text(std::string("a\0b", 3)));
  EXPECT_EQ(utf8_text(std::string("a\0b", 3)),
            "a\xef\xbf\xbd"
            "b");
  EXPECT_EQ(utf8_text("ab\xe2\x98"), "ab\xc3\xa2\xcb\x9c");
  EXPECT_TRUE(is_utf8_text(utf8_text("\xc0\xaf\xed\xa0\x80")));
}

}  // namespace
}  // namespace herald
