// Conformance of the OMS connector's storage (settings, call log, reported statuses) on every
// backend.
#include "store/oms_storage.h"

#include <gtest/gtest.h>

#include "store/open_oms_storage.h"
#include "store/stores_on_backend.h"

namespace herald::store {
namespace {

struct OmsStorageTest : testing::StoresOnBackend {
  std::unique_ptr<OmsStorage> oms = open_oms_storage(database.url());
  OmsSettingsRow settings(const std::string& url, bool enabled) {
    return {"fynd", url, "AFF-1", "v1.k.sealed-token", "v1.k.sealed-secret", 2, 30, enabled, 5};
  }
  OmsCall call(TimeMs at, const std::string& path, int status, const std::string& order = "") {
    return {0, at, "GET", path, status, 12, status >= 500 ? "HTTP 502" : "", order};
  }
};

TEST_P(OmsStorageTest, SettingsAreKeptPerStoreAndReplaced) {
  EXPECT_FALSE(oms->get_oms_settings(a.id));
  oms->put_oms_settings(a.id, settings("https://a.example", true));
  oms->put_oms_settings(b.id, settings("https://b.example", false));
  auto got = oms->get_oms_settings(a.id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->provider, "fynd");
  EXPECT_EQ(got->api_url, "https://a.example");
  EXPECT_EQ(got->affiliate_id, "AFF-1");
  EXPECT_EQ(got->sealed_token, "v1.k.sealed-token");
  EXPECT_EQ(got->sealed_secret, "v1.k.sealed-secret");
  EXPECT_EQ(got->safety_stock, 2);
  EXPECT_EQ(got->inventory_sync_minutes, 30);
  EXPECT_TRUE(got->enabled);
  EXPECT_EQ(got->updated_at, 5);
  EXPECT_EQ(oms->stores_with_oms_enabled(), std::vector<StoreId>{a.id});

  auto changed = settings("https://a2.example", false);
  changed.inventory_sync_minutes = 60;
  oms->put_oms_settings(a.id, changed);
  EXPECT_EQ(oms->get_oms_settings(a.id)->api_url, "https://a2.example");
  EXPECT_EQ(oms->get_oms_settings(a.id)->inventory_sync_minutes, 60);
  EXPECT_FALSE(oms->get_oms_settings(a.id)->enabled);
  EXPECT_TRUE(oms->stores_with_oms_enabled().empty());
  EXPECT_EQ(oms->get_oms_settings(b.id)->api_url, "https://b.example");
}

TEST_P(OmsStorageTest, CallsAreListedNewestFirstByKeyset) {
  for (int i = 0; i < 5; ++i) oms->add_oms_call(a.id, call(100 + i, "/p" + std::to_string(i), 200));
  oms->add_oms_call(b.id, call(200, "/other", 503, "O-9"));
  const auto first = oms->list_oms_calls(a.id, 2, std::nullopt);
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].path, "/p4");
  EXPECT_EQ(first[1].path, "/p3");
  EXPECT_GT(first[0].id, first[1].id);
  const auto second = oms->list_oms_calls(a.id, 10, first[1].id);
  ASSERT_EQ(second.size(), 3u);
  EXPECT_EQ(second[0].path, "/p2");
  EXPECT_EQ(second[2].path, "/p0");
  EXPECT_EQ(second[2].at, 100);

  const auto other = oms->list_oms_calls(b.id, 10, std::nullopt);
  ASSERT_EQ(other.size(), 1u);
  EXPECT_EQ(other[0].method, "GET");
  EXPECT_EQ(other[0].status, 503);
  EXPECT_EQ(other[0].ms, 12);
  EXPECT_EQ(other[0].error, "HTTP 502");
  EXPECT_EQ(other[0].order_id, "O-9");
}

TEST_P(OmsStorageTest, ReportedStatusesAreKeptOncePerEventInTheOrderTheyHappened) {
  EXPECT_TRUE(oms->add_oms_status(a.id, {"e2", "FY-1", "SH-1", "bag_packed", 200, 10}));
  EXPECT_TRUE(oms->add_oms_status(a.id, {"e1", "FY-1", "SH-1", "placed", 100, 11}));
  EXPECT_FALSE(oms->add_oms_status(a.id, {"e1", "FY-1", "SH-1", "placed", 100, 12}));
  EXPECT_TRUE(oms->add_oms_status(b.id, {"e1", "FY-1", "SH-1", "cancelled_fynd", 100, 13}));
  EXPECT_TRUE(oms->add_oms_status(a.id, {"e3", "FY-2", "SH-2", "placed", 50, 14}));
  const auto history = oms->oms_statuses(a.id, "FY-1");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].event_id, "e1");
  EXPECT_EQ(history[0].status, "placed");
  EXPECT_EQ(history[0].received_at, 11);
  EXPECT_EQ(history[1].status, "bag_packed");
  EXPECT_EQ(history[1].shipment_id, "SH-1");
  EXPECT_EQ(history[1].at, 200);
  EXPECT_EQ(oms->oms_statuses(b.id, "FY-1").at(0).status, "cancelled_fynd");
}

TEST_P(OmsStorageTest, AReportedStatusNamesTheEventItBecame) {
  NewEvent placed;
  placed.store_id = a.id;
  placed.event_id = "e1";
  placed.type = "ORDER_PLACED";
  placed.order_id = "FY-1";
  db->accept_events({placed}, 10);
  oms->add_oms_status(a.id, {"e1", "FY-1", "SH-1", "placed", 100, 11});
  oms->add_oms_status(a.id, {"e2", "FY-1", "SH-1", "bag_packed", 200, 12});
  oms->add_oms_status(b.id, {"e1", "FY-1", "SH-1", "placed", 100, 13});
  const auto history = oms->oms_statuses(a.id, "FY-1");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].event_type, "ORDER_PLACED");
  EXPECT_EQ(history[1].event_type, "") << "kept only: no event";
  EXPECT_EQ(oms->oms_statuses(b.id, "FY-1").at(0).event_type, "")
      << "another store's event of the same id is not this one's";
}

TEST_P(OmsStorageTest, RetentionRemovesCallsMadeBeforeTheCutoffInBatches) {
  // one more than a batch, so the purge takes two
  for (int i = 0; i < 2001; ++i) oms->add_oms_call(a.id, call(100 + i % 10, "/old", 200));
  oms->add_oms_call(a.id, call(1000, "/new", 200));
  oms->add_oms_call(b.id, call(100, "/other", 200));
  EXPECT_EQ(oms->purge_oms_calls(a.id, 1000, true), 2001);
  EXPECT_EQ(oms->list_oms_calls(a.id, 500, std::nullopt).size(), 500u) << "a dry run only counts";
  EXPECT_EQ(oms->purge_oms_calls(a.id, 1000, false), 2001);
  const auto left = oms->list_oms_calls(a.id, 500, std::nullopt);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].path, "/new");
  EXPECT_EQ(oms->list_oms_calls(b.id, 10, std::nullopt).size(), 1u) << "another store's log";
  EXPECT_EQ(oms->purge_oms_calls(a.id, 1000, false), 0);
}

TEST_P(OmsStorageTest, RetentionRemovesStatusesReceivedBeforeTheCutoff) {
  oms->add_oms_status(a.id, {"e1", "FY-1", "SH-1", "placed", 100, 10});
  oms->add_oms_status(a.id, {"e2", "FY-1", "SH-1", "bag_packed", 200, 20});
  oms->add_oms_status(a.id, {"e3", "FY-1", "SH-1", "delivery_done", 300, 30});
  oms->add_oms_status(b.id, {"e1", "FY-1", "SH-1", "placed", 100, 10});
  EXPECT_EQ(oms->purge_oms_statuses(a.id, 30, true), 2);
  EXPECT_EQ(oms->oms_statuses(a.id, "FY-1").size(), 3u) << "a dry run only counts";
  EXPECT_EQ(oms->purge_oms_statuses(a.id, 30, false), 2);
  const auto left = oms->oms_statuses(a.id, "FY-1");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].event_id, "e3");
  EXPECT_EQ(oms->oms_statuses(b.id, "FY-1").size(), 1u) << "another store's history";
  EXPECT_TRUE(oms->add_oms_status(a.id, {"e1", "FY-1", "SH-1", "placed", 100, 40}))
      << "a purged event id is new again, like a purged event";
}

TEST_P(OmsStorageTest, EveryStoresCredentialsAreReplacedTogetherOrNotAtAll) {
  EXPECT_TRUE(oms->sealed_oms_credentials().empty());
  EXPECT_TRUE(oms->replace_sealed_oms_credentials({}, {}));
  oms->put_oms_settings(a.id, settings("https://a.example", true));
  oms->put_oms_settings(b.id, settings("https://b.example", false));
  const auto was = oms->sealed_oms_credentials();
  ASSERT_EQ(was.size(), 2u);
  EXPECT_EQ(was[0].store_id, a.id);
  EXPECT_EQ(was[0].sealed_token, "v1.k.sealed-token");
  EXPECT_EQ(was[1].store_id, b.id);
  EXPECT_EQ(was[1].sealed_secret, "v1.k.sealed-secret");

  auto now = was;
  for (auto& c : now) {
    c.sealed_token = "v1.n.token-" + std::to_string(c.store_id);
    c.sealed_secret = "v1.n.secret-" + std::to_string(c.store_id);
  }
  // b's credentials changed meanwhile: nothing is written, a's neither.
  auto b_changed = settings("https://b.example", false);
  b_changed.sealed_token = "v1.k.other-token";
  oms->put_oms_settings(b.id, b_changed);
  EXPECT_FALSE(oms->replace_sealed_oms_credentials(was, now));
  EXPECT_EQ(oms->get_oms_settings(a.id)->sealed_token, "v1.k.sealed-token");
  EXPECT_EQ(oms->get_oms_settings(b.id)->sealed_token, "v1.k.other-token");

  const auto again = oms->sealed_oms_credentials();
  EXPECT_TRUE(oms->replace_sealed_oms_credentials(again, now));
  const auto a_now = oms->get_oms_settings(a.id);
  EXPECT_EQ(a_now->sealed_token, "v1.n.token-" + std::to_string(a.id));
  EXPECT_EQ(a_now->sealed_secret, "v1.n.secret-" + std::to_string(a.id));
  EXPECT_EQ(a_now->api_url, "https://a.example");  // the rest untouched
  EXPECT_EQ(a_now->updated_at, 5);
  EXPECT_EQ(oms->get_oms_settings(b.id)->sealed_secret, "v1.n.secret-" + std::to_string(b.id));
}

HERALD_ON_EVERY_BACKEND(OmsStorageTest);

}  // namespace
}  // namespace herald::store
