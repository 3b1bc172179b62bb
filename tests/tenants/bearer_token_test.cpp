#include <gtest/gtest.h>

#include "tenants/api_keys.h"

namespace herald::tenants {
namespace {

TEST(BearerToken, TheSchemeIsCaseInsensitive) {
  EXPECT_EQ(bearer_token("Bearer hk_1"), "hk_1");
  EXPECT_EQ(bearer_token("bearer hk_1"), "hk_1");
  EXPECT_EQ(bearer_token("BEARER hk_1"), "hk_1");
  EXPECT_EQ(bearer_token("bEaReR   hk_1"), "hk_1");
}

TEST(BearerToken, AnythingElseIsNoKey) {
  EXPECT_EQ(bearer_token(""), "");
  EXPECT_EQ(bearer_token("Bearer"), "");
  EXPECT_EQ(bearer_token("Bearer "), "");
  EXPECT_EQ(bearer_token("Bearerhk_1"), "");
  EXPECT_EQ(bearer_token("Basic dTpw"), "");
  EXPECT_EQ(bearer_token("Bearxr hk_1"), "");
}

}  // namespace
}  // namespace herald::tenants
