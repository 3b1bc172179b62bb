// API keys against a real SQLite store, with an injected clock: what rotation and revocation
// by another process (the CLI writes the database) mean for a running server's key cache.
#include <gtest/gtest.h>

#include "common/error.h"
#include "store/open_storage.h"
#include "support/temp_dir.h"
#include "tenants/api_keys.h"

namespace herald::tenants {
namespace {

struct KeyCacheTest : ::testing::Test {
  herald::testing::TempDir dir;
  store::Storages opened = store::open_storage("sqlite://" + dir.file("h.db"));
  store::Storage& storage = opened.storage();
  ManualClock clock{1'800'000'000'000};
  KeyCache keys{storage, clock, 5000};
  std::string old_key = new_api_key();
  store::StoreRecord shop = storage.create_store("shop", hash_api_key(old_key), "", {}, 1);

  bool accepted(const std::string& key) {
    http::Request req;
    req.raw.set(http::bhttp::field::authorization, "Bearer " + key);
    try {
      return keys.authenticate(req).id == shop.id;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::unauthorized);
      return false;
    }
  }
};

TEST_F(KeyCacheTest, ARotatedKeyIsRefusedOnceTheCachedLookupIsTtlOld) {
  ASSERT_TRUE(accepted(old_key));  // cached now
  const std::string new_key = new_api_key();
  storage.set_store_key_hash(shop.id, hash_api_key(new_key));
  EXPECT_TRUE(accepted(new_key)) << "an unknown key goes to the database at once";
  clock.advance_ms(4999);
  EXPECT_TRUE(accepted(old_key)) << "within the documented bound the cache may still trust it";
  clock.advance_ms(1);
  EXPECT_FALSE(accepted(old_key));
  EXPECT_TRUE(accepted(new_key));
}

TEST_F(KeyCacheTest, HitsDoNotExtendTheTrust) {
  ASSERT_TRUE(accepted(old_key));
  storage.set_store_key_hash(shop.id, revoked_key_hash());
  for (int i = 0; i < 4; ++i) {
    clock.advance_ms(1000);
    accepted(old_key);
  }
  clock.advance_ms(1000);
  EXPECT_FALSE(accepted(old_key));
}

TEST_F(KeyCacheTest, ARevokedStoreHasNoKeyUntilRotated) {
  storage.set_store_key_hash(shop.id, revoked_key_hash());
  EXPECT_FALSE(accepted(old_key));
  EXPECT_NE(revoked_key_hash(), revoked_key_hash()) << "two revoked stores must not collide";
  const std::string new_key = new_api_key();
  storage.set_store_key_hash(shop.id, hash_api_key(new_key));
  EXPECT_TRUE(accepted(new_key));
  EXPECT_FALSE(accepted(old_key));
}

TEST_F(KeyCacheTest, ForgetDropsTrustAtOnce) {
  ASSERT_TRUE(accepted(old_key));
  storage.set_store_key_hash(shop.id, revoked_key_hash());
  keys.forget(shop.id);
  EXPECT_FALSE(accepted(old_key));
}

}  // namespace
}  // namespace herald::tenants
