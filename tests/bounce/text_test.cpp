// The small text helpers the bounce parser reads reports with.
#include "bounce/text.h"

#include <gtest/gtest.h>

#include <string_view>

namespace herald::bounce {
namespace {

TEST(BounceText, HtmlStyleAndScriptBlocksAreDroppedWhole) {
  const std::string text = html_to_text(
      "<html><head><STYLE type=\"text/css\">p { color: red }</Style></head>"
      "<body><p>Mailbox full</p><script>var a = 1;</SCRIPT>"
      "<div>a &amp; b &lt;x@example.com&gt;</div></body></html>");
  // "</head>" and "</html>" end lines like "</h1>" does.
  EXPECT_EQ(text, "\n\nMailbox full\n\na & b <x@example.com>\n\n");
}

TEST(BounceText, HtmlBlockWithoutItsClosingTagEndsTheText) {
  EXPECT_EQ(html_to_text("<p>Before</p><style>p { color: red }"), "\nBefore\n");
}

TEST(BounceText, AddressesInTextAndX400Attributes) {
  EXPECT_EQ(first_address("Recipient: <ola@example.net>; reason"), "ola@example.net");
  EXPECT_EQ(first_address("c=US;a= ;p=IKON;o=Nexus2;dda:SMTP=OLA@EXAMPLE.NET; on Fri"),
            "OLA@EXAMPLE.NET");
  EXPECT_EQ(first_address("/RFC-822=kari@example.no/"), "kari@example.no");
  EXPECT_EQ(first_address("smtp=x@example.net"), "x@example.net");
  EXPECT_EQ(first_address("a=b@example.net"), "a=b@example.net");  // '=' in a local part
}

TEST(BounceText, FindCiFromAnOffset) {
  constexpr std::string_view hay = "x </STYLE> y </style>";
  EXPECT_EQ(find_ci(hay, "</style"), 2u);
  EXPECT_EQ(find_ci(hay, "</style", 3), 13u);
  EXPECT_EQ(find_ci(hay, "</script"), std::string_view::npos);
  EXPECT_EQ(find_ci(hay, "</style", 99), std::string_view::npos);
}

TEST(BounceText, SqueezeSpaces) {
  EXPECT_EQ(squeeze_spaces("  550\t5.1.1 \r\n  user\n\nunknown  "), "550 5.1.1 user unknown");
  EXPECT_EQ(squeeze_spaces(" \t\r\n "), "");
  EXPECT_EQ(squeeze_spaces(""), "");
  EXPECT_EQ(squeeze_spaces("one"), "one");
}

TEST(BounceText, FindAnyCiSqueezedReadsRunsOfSpaceAsOne) {
  constexpr std::string_view kPhrases[] = {"mail from", "rcpt to"};
  EXPECT_EQ(find_any_ci_squeezed("550 in reply to RCPT\n    TO command", kPhrases), 1);
  EXPECT_EQ(find_any_ci_squeezed("after  MAIL\tFROM and RCPT TO", kPhrases), 0);
  EXPECT_EQ(find_any_ci_squeezed("rcptto", kPhrases), -1);
}

TEST(BounceText, ParseFieldsOnlyWanted) {
  constexpr std::string_view kWanted[] = {"to", "subject"};
  const auto fields = parse_fields(
      "Received: from a\n"
      "  by b\n"
      "To: Kari <kari@example.net>,\n"
      "  Ola <ola@example.net>\n"
      "SUBJECT: Order 1001\n",
      kWanted);
  ASSERT_EQ(fields.size(), 2u);
  EXPECT_EQ(fields[0].name, "to");
  EXPECT_EQ(fields[0].value, "Kari <kari@example.net>, Ola <ola@example.net>");
  EXPECT_EQ(fields[1].name, "subject");
  EXPECT_EQ(fields[1].value, "Order 1001");
  EXPECT_EQ(parse_fields("Received: from a\n  by b\n").size(), 1u);
}

}  // namespace
}  // namespace herald::bounce
