#include "tracking/replay_guard.h"

#include <gtest/gtest.h>

namespace herald::tracking {
namespace {

constexpr TimeMs kWindow = 15 * 60 * 1000;

TEST(ReplayGuard, AcceptsAFreshTokenOnce) {
  ManualClock clock(1'700'000'000'000);
  ReplayGuard guard(clock, kWindow);
  EXPECT_TRUE(guard.accept("tok-1", clock.now_ms() - 1000));
  EXPECT_FALSE(guard.accept("tok-1", clock.now_ms() - 1000));
  EXPECT_TRUE(guard.accept("tok-2", clock.now_ms()));
}

TEST(ReplayGuard, RefusesStaleOrFutureTimestamps) {
  ManualClock clock(1'700'000'000'000);
  ReplayGuard guard(clock, kWindow);
  EXPECT_FALSE(guard.accept("old", clock.now_ms() - kWindow - 1));
  EXPECT_FALSE(guard.accept("future", clock.now_ms() + kWindow + 1));
  EXPECT_FALSE(guard.accept("", clock.now_ms()));
}

TEST(ReplayGuard, AReplayLaterIsRefusedForItsTimestamp) {
  ManualClock clock(1'700'000'000'000);
  ReplayGuard guard(clock, kWindow);
  const TimeMs signed_at = clock.now_ms();
  ASSERT_TRUE(guard.accept("tok", signed_at));
  clock.advance_ms(3 * kWindow);  // the token itself has been forgotten by now
  EXPECT_FALSE(guard.accept("tok", signed_at));
  EXPECT_TRUE(guard.accept("tok", clock.now_ms()));  // a genuinely new signing of it
}

}  // namespace
}  // namespace herald::tracking
