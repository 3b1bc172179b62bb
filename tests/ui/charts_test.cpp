#include "ui/charts.h"

#include <gtest/gtest.h>

#include "ui/page.h"

namespace herald::ui {
namespace {

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (auto p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

TEST(Charts, ColumnsStackSeriesPerLabel) {
  auto svg = svg_columns({"11-01", "11-02", "11-03"}, {{"email", {1, 0, 4}}, {"sms", {2, 0, 0}}},
                         "Per day");
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_EQ(count(svg, "class=\"bar email\""), 2u);  // zero values draw nothing
  EXPECT_EQ(count(svg, "class=\"bar sms\""), 1u);
  EXPECT_NE(svg.find(">4<"), std::string::npos);  // the scale's maximum
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
}

TEST(Charts, BarsEscapeLabels) {
  auto svg = svg_bars({{"<script>x</script>", 3}, {"a & b", 1}}, "fail", "Top \"reasons\"");
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;script&gt;x&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(svg.find("a &amp; b"), std::string::npos);
  EXPECT_NE(svg.find("Top &quot;reasons&quot;"), std::string::npos);
  EXPECT_EQ(count(svg, "<rect"), 2u);
}

TEST(Charts, EmptyDataStillDrawsAValidSvg) {
  auto svg = svg_bars({}, "stage", "Nothing");
  EXPECT_NE(svg.find("</svg>"), std::string::npos);
  EXPECT_NE(svg_columns({}, {}, "none").find("</svg>"), std::string::npos);
}

TEST(Html, EscapesEverySpecialCharacter) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(Html, ParsesDaysOfTheDateFilter) {
  auto start = parse_day("2026-11-23", false);
  auto end = parse_day("2026-11-23", true);
  ASSERT_TRUE(start && end);
  EXPECT_EQ(*end - *start, 86'400'000 - 1);
  EXPECT_FALSE(parse_day("23.11.2026", false));
  EXPECT_FALSE(parse_day("", false));
}

}  // namespace
}  // namespace herald::ui
