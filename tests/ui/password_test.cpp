#include "ui/password.h"

#include <gtest/gtest.h>

namespace herald::ui {
namespace {

TEST(Password, VerifiesTheRightPasswordOnly) {
  const auto stored = hash_password("correct horse", 1000);
  EXPECT_TRUE(verify_password("correct horse", stored));
  EXPECT_FALSE(verify_password("correct horsE", stored));
  EXPECT_FALSE(verify_password("", stored));
}

TEST(Password, SaltedAndSlowByDefault) {
  const auto a = hash_password("same password");
  const auto b = hash_password("same password");
  EXPECT_NE(a, b);  // random salt
  EXPECT_EQ(a.rfind("pbkdf2-sha256$", 0), 0u);
  const auto iterations = std::stoi(a.substr(14, a.find('$', 14) - 14));
  EXPECT_GE(iterations, 100'000);
  EXPECT_TRUE(verify_password("same password", a));
}

TEST(Password, RefusesMalformedStoredValues) {
  EXPECT_FALSE(verify_password("x", ""));
  EXPECT_FALSE(verify_password("x", "plain"));
  EXPECT_FALSE(verify_password("x", "pbkdf2-sha256$abc$00$00"));
  EXPECT_FALSE(verify_password("x", "pbkdf2-sha256$0$00$00"));
  EXPECT_FALSE(verify_password("x", "md5$1$00$00"));
}

}  // namespace
}  // namespace herald::ui
