#include "common/clock.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(Rfc3339, RoundTripsWithMilliseconds) {
  auto t = parse_rfc3339("2026-11-20T10:00:00.250Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339(*t), "2026-11-20T10:00:00.250Z");
}

TEST(Rfc3339, AppliesOffsets) {
  EXPECT_EQ(parse_rfc3339("2026-11-20T11:00:00+01:00"), parse_rfc3339("2026-11-20T10:00:00Z"));
  EXPECT_EQ(parse_rfc3339("2026-11-20T08:30:00-01:30"), parse_rfc3339("2026-11-20T10:00:00Z"));
}

TEST(Rfc3339, AcceptsABareDateAsMidnightUtc) {
  EXPECT_EQ(parse_rfc3339("2026-11-20"), parse_rfc3339("2026-11-20T00:00:00Z"));
}

TEST(Rfc3339, RejectsMalformedText) {
  for (const char* bad : {"", "2026-13-01", "2026-11-20T10:00", "2026-11-20T10:00:00",
                          "2026-11-20T10:00:00Zjunk", "yesterday", "2026-11-20T25:00:00Z"})
    EXPECT_FALSE(parse_rfc3339(bad)) << bad;
}

}  // namespace
}  // namespace herald
