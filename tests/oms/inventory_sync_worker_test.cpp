// The background inventory sync on a manual clock: when each store is synced, the backoff after
// an OMS fault, and that only the node holding the cluster's job syncs. Real storage, the real
// Fynd connector, a fake network.
#include "oms/inventory_sync_worker.h"

#include <gtest/gtest.h>

#include "store/open_oms_storage.h"
#include "store/stores_on_backend.h"

namespace herald::oms {
namespace {

// The OMS's network: every poll lists SKU A with `quantity`, every stock call answers it.
struct FakeOmsHttp final : HttpClient {
  int polls = 0;
  std::int64_t quantity = 4;
  bool down = false;
  HttpAnswer send(const HttpCall& call) override {
    if (down) throw OmsFault(FaultKind::refused, 0, "connection refused");
    const auto line =
        R"({"identifier":{"sku_code":"A"},"size":"M","quantity":)" + std::to_string(quantity) + "}";
    if (call.url.find("/poll/") != std::string::npos) {
      ++polls;
      return {200, R"({"items":[)" + line + R"(],"page":{"has_next":false}})"};
    }
    return {200, R"({"items":[)" + line + "]}"};
  }
};

struct NotHeld final : store::Cluster {
  bool hold(const std::string&) override { return false; }
  bool try_start(const std::string&) override { return true; }
  void finish(const std::string&) override {}
  void announce() override {}
  void listen(std::function<void()>) override {}
  void stop() override {}
};

struct InventorySyncWorkerTest : testing::StoresOnBackend {
  std::unique_ptr<store::OmsStorage> oms_storage = store::open_oms_storage(database.url());
  ManualClock clock{1'800'000'000'000};
  SecretSealer sealer{std::string(32, 'k')};
  SettingsService settings{*oms_storage, sealer, clock};
  FakeOmsHttp http;
  Connectors connectors{*oms_storage, settings, http, clock};
  store::StockStorage& stock = opened.stock();
  InventorySync sync{stock, clock};
  InventorySyncWorker worker{sync, connectors, stock, clock};

  void SetUp() override {
    settings.put(a.id, {{"provider", "fynd"},
                        {"api_url", "http://oms.invalid"},
                        {"affiliate_id", "AFF-1"},
                        {"affiliate_token", "tok-12345678"},
                        {"secret", "sec-12345678"},
                        {"safety_stock", 1},
                        {"inventory_sync_minutes", 15},
                        {"enabled", true}});
    stock.put_catalog_skus(a.id, {"A"});
  }
  std::int64_t quantity() { return stock.stock(a.id, {"A"}).at(0).quantity; }
};

constexpr TimeMs kMinute = 60 * 1000;

TEST_P(InventorySyncWorkerTest, SyncsAStoreAtOnceThenEveryIntervalAfterItsLastSync) {
  EXPECT_EQ(worker.pass(),
            SyncTiming{}.poll_ms);  // synced: next due in 15 minutes, look again in 1
  EXPECT_EQ(http.polls, 1);
  EXPECT_EQ(quantity(), 3);
  clock.advance_ms(14 * kMinute);
  http.quantity = 9;
  EXPECT_EQ(worker.pass(), kMinute);  // due in one minute
  EXPECT_EQ(http.polls, 1);
  clock.advance_ms(kMinute);
  worker.pass();
  EXPECT_EQ(http.polls, 2);
  EXPECT_EQ(quantity(), 8);
}

TEST_P(InventorySyncWorkerTest, AFaultIsRetriedWithDoublingBackoffAndTheCursorKept) {
  worker.pass();
  const auto cursor = stock.stock_sync_state(a.id)->cursor;
  clock.advance_ms(15 * kMinute);
  http.down = true;
  EXPECT_EQ(worker.pass(), 30 * 1000);
  clock.advance_ms(30 * 1000);
  EXPECT_EQ(worker.pass(), 60 * 1000);
  clock.advance_ms(59 * 1000);
  EXPECT_EQ(worker.pass(), 1000);  // not yet
  EXPECT_EQ(stock.stock_sync_state(a.id)->cursor, cursor);
  http.down = false;
  http.quantity = 6;
  clock.advance_ms(1000);
  worker.pass();
  EXPECT_EQ(quantity(), 5);
  EXPECT_GT(stock.stock_sync_state(a.id)->cursor, cursor);
  EXPECT_EQ(worker.pass(), SyncTiming{}.poll_ms);  // back to the interval
}

TEST_P(InventorySyncWorkerTest, AConfiguredIntervalAndFirstRetryStandForTheStoresOwn) {
  InventorySyncWorker fast{sync, connectors, stock, clock, {2000, 1000, 2000}};
  EXPECT_EQ(fast.pass(), 2000);
  EXPECT_EQ(http.polls, 1);
  clock.advance_ms(2000);
  http.down = true;
  EXPECT_EQ(fast.pass(), 1000);  // the first retry
  clock.advance_ms(1000);
  http.down = false;
  http.quantity = 7;
  fast.pass();
  EXPECT_EQ(quantity(), 6);
}

TEST_P(InventorySyncWorkerTest, AStoreWithItsConnectorOffIsNotSynced) {
  settings.put(a.id, {{"enabled", false}});
  worker.pass();
  EXPECT_EQ(http.polls, 0);
}

TEST_P(InventorySyncWorkerTest, OnlyTheNodeHoldingTheJobSyncs) {
  NotHeld elsewhere;
  worker.set_cluster(&elsewhere);
  EXPECT_EQ(worker.pass(), SyncTiming{}.poll_ms);
  EXPECT_EQ(http.polls, 0);
}

TEST_P(InventorySyncWorkerTest, AStoreWhoseSyncRunsElsewhereIsLookedAtAgainSoonWithoutBackoff) {
  store::SoloCluster cluster;
  sync.set_cluster(&cluster);
  const std::string task = "inventory-sync:" + std::to_string(a.id);
  ASSERT_TRUE(cluster.try_start(task));  // a sync on demand
  EXPECT_EQ(worker.pass(), SyncTiming{}.first_retry_ms);
  EXPECT_EQ(http.polls, 0);
  cluster.finish(task);
  clock.advance_ms(1000);  // no backoff: due again at once
  worker.pass();
  EXPECT_EQ(http.polls, 1);
  EXPECT_EQ(quantity(), 3);
}

HERALD_ON_EVERY_BACKEND(InventorySyncWorkerTest);

}  // namespace
}  // namespace herald::oms
