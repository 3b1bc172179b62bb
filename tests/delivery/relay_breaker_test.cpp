#include "delivery/relay_breaker.h"

#include <gtest/gtest.h>

namespace herald::delivery {
namespace {

struct RelayBreakerTest : ::testing::Test {
  ManualClock clock{1'000'000};
  RelayBreaker breaker{"smtp://relay:25", {3, 30'000}, clock};

  void fail_times(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(breaker.acquire().allowed);
      breaker.failed("no greeting within 10 s");
    }
  }
};

TEST_F(RelayBreakerTest, StaysClosedBelowTheThreshold) {
  fail_times(2);
  EXPECT_TRUE(breaker.acquire().allowed);
  breaker.opened();  // a success resets the count
  fail_times(2);
  EXPECT_TRUE(breaker.acquire().allowed);
}

TEST_F(RelayBreakerTest, OpensAfterFailuresInARowAndSaysWhyAndUntilWhen) {
  fail_times(3);
  const auto permit = breaker.acquire();
  EXPECT_FALSE(permit.allowed);
  EXPECT_EQ(permit.down_until, 1'030'000);
  EXPECT_NE(permit.why.find("smtp://relay:25 is down after 3 failed sessions"), std::string::npos)
      << permit.why;
  EXPECT_NE(permit.why.find("no greeting within 10 s"), std::string::npos) << permit.why;
  EXPECT_NE(permit.why.find("next try after " + format_rfc3339(1'030'000)), std::string::npos)
      << permit.why;
  clock.advance_ms(29'999);
  EXPECT_FALSE(breaker.acquire().allowed);
}

TEST_F(RelayBreakerTest, AfterTheCooldownOneProbeGoesAndItsOutcomeDecides) {
  fail_times(3);
  clock.advance_ms(30'000);
  EXPECT_TRUE(breaker.acquire().allowed);  // the probe
  const auto waiting = breaker.acquire();  // the others wait for it, with their usual backoff
  EXPECT_FALSE(waiting.allowed);
  EXPECT_EQ(waiting.down_until, 0);
  EXPECT_NE(waiting.why.find("one message is trying it now"), std::string::npos) << waiting.why;
  breaker.opened();
  EXPECT_TRUE(breaker.acquire().allowed);
  EXPECT_TRUE(breaker.acquire().allowed);
}

TEST_F(RelayBreakerTest, AFailedProbeStartsAnotherCooldown) {
  fail_times(3);
  clock.advance_ms(30'000);
  ASSERT_TRUE(breaker.acquire().allowed);
  breaker.failed("connection refused");
  const auto permit = breaker.acquire();
  EXPECT_FALSE(permit.allowed);
  EXPECT_EQ(permit.down_until, clock.now_ms() + 30'000);
  EXPECT_NE(permit.why.find("connection refused"), std::string::npos) << permit.why;
}

TEST_F(RelayBreakerTest, AProbeThatNeverReportsIsReplacedAfterACooldown) {
  fail_times(3);
  clock.advance_ms(30'000);
  ASSERT_TRUE(breaker.acquire().allowed);  // its worker stops without an answer
  clock.advance_ms(29'000);
  EXPECT_FALSE(breaker.acquire().allowed);
  clock.advance_ms(1'000);
  EXPECT_TRUE(breaker.acquire().allowed);
}

TEST_F(RelayBreakerTest, ALateFailureOfASendAllowedBeforeDoesNotExtendTheCooldown) {
  fail_times(3);
  clock.advance_ms(10'000);
  breaker.failed("timed out");  // allowed before the relay went down, answered now
  EXPECT_EQ(breaker.acquire().down_until, 1'030'000);
}

}  // namespace
}  // namespace herald::delivery
