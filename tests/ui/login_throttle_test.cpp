#include "ui/login_throttle.h"

#include <gtest/gtest.h>

namespace herald::ui {
namespace {

constexpr TimeMs kMinute = 60 * 1000;

TEST(LoginThrottle, RefusesAnAccountAfterFiveFailuresUntilTheWindowPasses) {
  ManualClock clock(1'000'000);
  LoginThrottle throttle(clock, 5, 15 * kMinute);
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(throttle.refused_for("Sara@Shop.no")) << i;
    throttle.failed("sara@shop.no");
    clock.advance_ms(kMinute);
  }
  auto wait = throttle.refused_for("SARA@shop.no");
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, 10 * kMinute);  // the first failure leaves the window 15 min after it
  EXPECT_FALSE(throttle.refused_for("ola@shop.no"));  // other accounts are not affected
  clock.advance_ms(10 * kMinute);
  EXPECT_FALSE(throttle.refused_for("sara@shop.no"));
}

TEST(LoginThrottle, ASuccessClearsTheCount) {
  ManualClock clock(1'000'000);
  LoginThrottle throttle(clock, 3, 15 * kMinute);
  throttle.failed("a@b.no");
  throttle.failed("a@b.no");
  throttle.succeeded("a@b.no");
  throttle.failed("a@b.no");
  throttle.failed("a@b.no");
  EXPECT_FALSE(throttle.refused_for("a@b.no"));
  throttle.failed("a@b.no");
  EXPECT_TRUE(throttle.refused_for("a@b.no"));
}

}  // namespace
}  // namespace herald::ui
