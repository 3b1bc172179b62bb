#include "tracking/strip_tracking.h"

#include <gtest/gtest.h>

#include "tracking/tracking_token.h"

namespace herald::tracking {
namespace {

TEST(StripTracking, RestoresLinksAndRemovesTheOpenPixel) {
  const std::string original =
      "<html><body><p><a href=\"https://shop.example/o?a=1&amp;b=2\">Order</a> "
      "<a href=\"mailto:x@y.no\">mail</a></p></body></html>";
  const auto tracked = rewrite_links(original, "http://h.example", "s3cret", "MSG1", true, true);
  ASSERT_NE(tracked.find("/t/c/"), std::string::npos);
  ASSERT_NE(tracked.find("/t/o/"), std::string::npos);
  const auto plain = strip_tracking(tracked, "http://h.example", "s3cret");
  EXPECT_EQ(plain.find("/t/c/"), std::string::npos);
  EXPECT_EQ(plain.find("/t/o/"), std::string::npos);
  EXPECT_NE(plain.find("href=\"https://shop.example/o?a=1&amp;b=2\""), std::string::npos);
  EXPECT_NE(plain.find("mailto:x@y.no"), std::string::npos);
}

TEST(StripTracking, LeavesForgedTokensAndOtherHostsAlone) {
  const std::string html =
      "<a href=\"http://h.example/t/c/forged\">x</a>"
      "<a href=\"http://other.example/t/c/abc\">y</a>";
  EXPECT_EQ(strip_tracking(html, "http://h.example", "s3cret"), html);
}

}  // namespace
}  // namespace herald::tracking
