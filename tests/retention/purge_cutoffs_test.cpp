// purge_all decides the cut-offs; storage only removes what is older. Checked against fakes of
// the two roles it is given (the stores, and retention), without a database.
#include <gtest/gtest.h>

#include "retention/purge.h"

namespace herald::retention {
namespace {

constexpr TimeMs kDay = 24 * 3600 * 1000;
constexpr TimeMs kNow = 1000 * kDay;

class FakeTenants : public store::TenantStorage {
 public:
  std::vector<store::StoreRecord> stores;

  store::StoreRecord create_store(const std::string&, const std::string&, const std::string&,
                                  const store::StoreSettings&, TimeMs) override {
    ADD_FAILURE() << "purge must not create stores";
    return {};
  }
  std::optional<store::StoreRecord> find_store_by_key_hash(const std::string&) override {
    return std::nullopt;
  }
  std::optional<store::StoreRecord> find_store(store::StoreId) override { return std::nullopt; }
  std::optional<store::StoreRecord> find_store_by_slug(const std::string&) override {
    return std::nullopt;
  }
  void update_store_settings(store::StoreId, const store::StoreSettings&) override {
    ADD_FAILURE() << "purge must not change settings";
  }
  void set_store_key_hash(store::StoreId, const std::string&) override {
    ADD_FAILURE() << "purge must not change keys";
  }
  std::vector<store::StoreRecord> list_stores() override { return stores; }
};

struct PurgeCall {
  store::StoreId store;
  TimeMs content_before, metadata_before;
  bool dry_run;
};

class FakeRetention : public store::RetentionStorage {
 public:
  std::vector<PurgeCall> calls;
  store::PurgeCounts purge(store::StoreId store, TimeMs content_before, TimeMs metadata_before,
                           bool dry_run) override {
    calls.push_back({store, content_before, metadata_before, dry_run});
    store::PurgeCounts c;
    c.messages_deleted = store * 10;  // tells the answers apart
    return c;
  }
};

store::StoreRecord shop(store::StoreId id, const std::string& slug, int content, int metadata) {
  store::StoreRecord s;
  s.id = id;
  s.slug = slug;
  s.settings.content_days = content;
  s.settings.metadata_days = metadata;
  return s;
}

TEST(PurgeCutoffs, EachStoreIsPurgedWithTheCutoffsOfItsOwnSettings) {
  FakeTenants tenants;
  tenants.stores = {shop(1, "short", 10, 30), shop(2, "long", 180, 400)};
  FakeRetention retention;

  const auto out = purge_all(tenants, retention, kNow, false);

  ASSERT_EQ(retention.calls.size(), 2u);
  EXPECT_EQ(retention.calls[0].store, 1);
  EXPECT_EQ(retention.calls[0].content_before, kNow - 10 * kDay);
  EXPECT_EQ(retention.calls[0].metadata_before, kNow - 30 * kDay);
  EXPECT_EQ(retention.calls[1].store, 2);
  EXPECT_EQ(retention.calls[1].content_before, kNow - 180 * kDay);
  EXPECT_EQ(retention.calls[1].metadata_before, kNow - 400 * kDay);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].store, "short");
  EXPECT_EQ(out[0].counts.messages_deleted, 10);
  EXPECT_EQ(out[1].store, "long");
  EXPECT_EQ(out[1].counts.messages_deleted, 20);
}

TEST(PurgeCutoffs, ADryRunIsPassedDownToStorage) {
  FakeTenants tenants;
  tenants.stores = {shop(1, "short", 10, 30)};
  FakeRetention retention;
  purge_all(tenants, retention, kNow, true);
  ASSERT_EQ(retention.calls.size(), 1u);
  EXPECT_TRUE(retention.calls[0].dry_run);
}

}  // namespace
}  // namespace herald::retention
