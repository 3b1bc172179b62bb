#pragma once
// The one recipient a test report should yield; the test fails (and gets an empty one) when it
// yields none or several.
#include <gtest/gtest.h>

#include "bounce/bounce.h"

namespace herald::bounce::testing {

inline const BounceRecipient& only(const BounceReport& r) {
  EXPECT_TRUE(r.is_bounce);
  EXPECT_EQ(r.recipients.size(), 1u);
  static const BounceRecipient none;
  return r.recipients.empty() ? none : r.recipients.front();
}

}  // namespace herald::bounce::testing
