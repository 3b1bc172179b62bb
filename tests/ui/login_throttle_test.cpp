#include "ui/login_throttle.h"

#include <gtest/gtest.h>

namespace herald::ui {
namespace {

constexpr TimeMs kMinute = 60 * 1000;
const std::string kClient = "192.0.2.1";

TEST(LoginThrottle, RefusesAnAccountAfterFiveFailuresUntilTheWindowPasses) {
  ManualClock clock(1'000'000);
  LoginThrottle throttle(clock, {5, 20, 15 * kMinute});
  for (int i = 0; i < 5; ++i) {
    EXPECT_FALSE(throttle.refused("Sara@Shop.no", kClient)) << i;
    throttle.failed("sara@shop.no", kClient);
    clock.advance_ms(kMinute);
  }
  auto refusal = throttle.refused("SARA@shop.no", "198.51.100.7");
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->reason, LoginThrottle::Reason::account);
  EXPECT_EQ(refusal->wait_ms, 10 * kMinute);  // the first failure leaves the window 15 min after
  EXPECT_FALSE(throttle.refused("ola@shop.no", kClient));  // other accounts are not affected
  clock.advance_ms(10 * kMinute);
  EXPECT_FALSE(throttle.refused("sara@shop.no", kClient));
}

TEST(LoginThrottle, CountsAnAccountUnderItsNormalisedAddress) {
  ManualClock clock(1'000'000);
  LoginThrottle throttle(clock, {3, 20, 15 * kMinute});
  throttle.failed("admin@example.com", kClient);
  throttle.failed(" Admin@Example.com ", kClient);
  throttle.failed("\tADMIN@example.COM\n", kClient);
  EXPECT_TRUE(throttle.refused("admin@example.com", kClient));
  EXPECT_TRUE(throttle.refused("  Admin@Example.com  ", "198.51.100.7"));
  EXPECT_EQ(throttle.tracked_accounts(), 1u);
  EXPECT_EQ(LoginThrottle::account_key(" Admin@Example.com "), "admin@example.com");
  EXPECT_EQ(LoginThrottle::account_key(" Not An Address "), "not an address");
}

TEST(LoginThrottle, ASuccessClearsTheAccountCountButNotTheClients) {
  ManualClock clock(1'000'000);
  LoginThrottle throttle(clock, {3, 4, 15 * kMinute});
  throttle.failed("a@b.no", kClient);
  throttle.failed("a@b.no", kClient);
  throttle.succeeded(" A@B.no");
  throttle.failed("a@b.no", kClient);
  throttle.failed("a@b.no", kClient);
  EXPECT_FALSE(throttle.refused("a@b.no", "198.51.100.7"));
  // Four failures from kClient in all: its own count was not reset by the success.
  auto refusal = throttle.refused("c@d.no", kClient);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->reason, LoginThrottle::Reason::client);
}

TEST(LoginThrottle, OneClientCannotGuessManyAccounts) {
  ManualClock clock(1'000'000);
  LoginThrottle throttle(clock, {5, 20, 15 * kMinute});
  for (int i = 0; i < 20; ++i) {
    ASSERT_FALSE(throttle.refused("user" + std::to_string(i) + "@shop.no", kClient)) << i;
    throttle.failed("user" + std::to_string(i) + "@shop.no", kClient);
  }
  auto refusal = throttle.refused("someone-else@shop.no", kClient);
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->reason, LoginThrottle::Reason::client);
  EXPECT_EQ(refusal->wait_ms, 15 * kMinute);
  EXPECT_FALSE(throttle.refused("someone-else@shop.no", "198.51.100.7"));
  clock.advance_ms(15 * kMinute);
  EXPECT_FALSE(throttle.refused("someone-else@shop.no", kClient));
}

TEST(LoginThrottle, AFloodOfMadeUpNamesDoesNotUnlockAnAccount) {
  ManualClock clock(1'000'000);
  LoginThrottle throttle(clock, {5, 20, 15 * kMinute, 100});
  for (int i = 0; i < 5; ++i) throttle.failed("victim@shop.no", kClient);
  ASSERT_TRUE(throttle.refused("victim@shop.no", kClient));
  // Far more names than the table holds, from many addresses (each under its own limit).
  for (int i = 0; i < 100'000; ++i)
    throttle.failed(
        "made-up-" + std::to_string(i) + "@shop.no",
        "10.0." + std::to_string(i / 10 / 256 % 256) + "." + std::to_string(i / 10 % 256));
  EXPECT_LE(throttle.tracked_accounts(), 100u);
  auto refusal = throttle.refused(" Victim@Shop.no", "198.51.100.7");
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->reason, LoginThrottle::Reason::account);
}

TEST(LoginThrottle, WhenFullEntriesOutsideTheWindowGoFirst) {
  ManualClock clock(1'000'000);
  LoginThrottle throttle(clock, {5, 1000, 15 * kMinute, 10});
  for (int i = 0; i < 3; ++i) throttle.failed("half-way@shop.no", kClient);
  for (int i = 0; i < 9; ++i) throttle.failed("old" + std::to_string(i) + "@shop.no", kClient);
  clock.advance_ms(15 * kMinute);
  throttle.failed("half-way@shop.no", kClient);  // its first three have left the window
  throttle.failed("new@shop.no", kClient);       // the table is full: the expired ones go
  EXPECT_EQ(throttle.tracked_accounts(), 2u);
  throttle.failed("half-way@shop.no", kClient);
  EXPECT_FALSE(throttle.refused("half-way@shop.no", kClient));  // 2 inside the window
}

}  // namespace
}  // namespace herald::ui
