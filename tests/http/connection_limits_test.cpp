#include "http/connection_limits.h"

#include <gtest/gtest.h>

namespace herald::http {
namespace {

TEST(ConnectionCap, TheConfiguredCapWhenTheFileLimitLeavesRoom) {
  EXPECT_EQ(effective_connection_cap(100, 1024, 80), 100u);
  EXPECT_EQ(effective_connection_cap(100, 0, 80), 100u);  // no limit known
}

TEST(ConnectionCap, LoweredToKeepTheReservedDescriptorsFree) {
  EXPECT_EQ(effective_connection_cap(1000, 1024, 80), 944u);
  EXPECT_EQ(effective_connection_cap(1000, 64, 60), 4u);
}

TEST(ConnectionCap, NeverBelowOne) {
  EXPECT_EQ(effective_connection_cap(1000, 64, 200), 1u);
  EXPECT_EQ(effective_connection_cap(0, 1024, 10), 1u);
}

TEST(ConnectionCap, ReadsTheProcessLimits) {
  EXPECT_GT(open_descriptors(), 2u);  // at least stdin, stdout, stderr
  const auto limit = open_file_limit();
  if (limit != 0) {
    EXPECT_GE(limit, open_descriptors());
  }
}

}  // namespace
}  // namespace herald::http
