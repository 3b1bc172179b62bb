// The inventory sync against an OMS double and real storage (both backends): what it asks,
// what it stores, and that a failed sync keeps the cursor.
#include "oms/inventory_sync.h"

#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <optional>
#include <utility>

#include "oms/stock_check.h"
#include "store/stores_on_backend.h"

namespace herald::oms {
namespace {

// The OMS's stock, each SKU with when it last changed; pages of `page_size` changes.
struct OmsDouble final : Connector {
  struct Sku {
    std::int64_t quantity = 0;
    TimeMs changed_at = 0;
  };
  std::map<std::string, Sku> stock;
  std::size_t page_size = 100;
  std::vector<TimeMs> polled_since;
  std::vector<std::vector<std::string>> stock_calls;
  std::optional<FaultKind> fail_stock;  // the stock-status call fails
  bool endless_pages = false;
  std::function<void()> while_polling;  // runs inside each poll

  StockChangePage stock_changes(TimeMs since, const std::string& page_id) override {
    polled_since.push_back(since);
    if (while_polling) while_polling();
    std::vector<StockLine> changed;
    for (const auto& [sku, s] : stock)
      if (s.changed_at >= since) changed.push_back({sku, "", s.quantity});
    const std::size_t from = page_id.empty() ? 0 : std::stoul(page_id);
    StockChangePage page;
    for (std::size_t i = from; i < changed.size() && i < from + page_size; ++i)
      page.items.push_back(changed[i]);
    page.has_next = endless_pages || from + page_size < changed.size();
    page.next_id = endless_pages ? page_id : std::to_string(from + page_size);
    return page;
  }
  std::vector<StockLine> stock_of(const std::vector<std::string>& skus) override {
    EXPECT_LE(skus.size(), kMaxSkusPerStockCall);
    stock_calls.push_back(skus);
    if (fail_stock) throw OmsFault(*fail_stock, 503, "double");
    std::vector<StockLine> out;
    for (const auto& sku : skus)
      if (auto it = stock.find(sku); it != stock.end())
        out.push_back({sku, "", it->second.quantity});
    return out;
  }
  Serviceability serviceability(const ServiceabilityRequest&) override { throw unused(); }
  PlacedOrder place_order(const PlaceOrderRequest&) override { throw unused(); }
  PaymentAnswer confirm_payment(const OrderRef&, const PaymentConfirmation&) override {
    throw unused();
  }
  OrderStatus order_status(const OrderRef&) override { throw unused(); }
  TrackAnswer track_order(const OrderRef&) override { throw unused(); }
  static Error unused() { return internal_error("not part of the stock sync"); }
};

struct InventorySyncTest : testing::StoresOnBackend {
  store::StockStorage& stock = opened.stock();
  ManualClock clock{1'800'000'000'500};
  InventorySync sync{stock, clock};
  OmsDouble oms;

  std::int64_t quantity(const std::string& sku) {
    auto rows = stock.stock(a.id, {sku});
    return rows.empty() ? -1 : rows[0].quantity;
  }
};

TEST_P(InventorySyncTest, FirstSyncSeesEverySkuThenOnlyChanges) {
  stock.put_catalog_skus(a.id, {"TS-S", "TS-M", "TS-L"});
  oms.stock = {{"TS-S", {4, 1000}}, {"TS-M", {0, 1000}}, {"TS-L", {9, 1000}}, {"TS-XL", {3, 1000}}};
  auto first = sync.run_with(a.id, oms, 2);
  EXPECT_EQ(oms.polled_since, std::vector<TimeMs>{0});
  EXPECT_EQ(first.to_json(), nlohmann::json::parse(R"({"since":"1970-01-01T00:00:00Z",
      "until":"2027-01-15T08:00:00Z","changed":4,"updated":3,"unmapped":1,"added":0})"));
  EXPECT_EQ(quantity("TS-S"), 2);  // 4 less the safety stock
  EXPECT_EQ(quantity("TS-M"), 0);  // never below 0
  EXPECT_EQ(quantity("TS-L"), 7);
  EXPECT_EQ(stock.stock(a.id, {"TS-S"})[0].oms_quantity, 4);
  ASSERT_EQ(stock.unmapped_skus(a.id).size(), 1u);
  EXPECT_EQ(stock.unmapped_skus(a.id)[0].quantity, 3);  // the OMS's own figure

  clock.advance_ms(60'000);
  oms.stock["TS-S"] = {1, first.until + 10'000};
  oms.stock_calls.clear();
  auto second = sync.run_with(a.id, oms, 2);
  EXPECT_EQ(oms.polled_since.back(), first.until);
  EXPECT_EQ(second.changed, 1u);
  EXPECT_EQ(oms.stock_calls, (std::vector<std::vector<std::string>>{{"TS-S"}}));
  EXPECT_EQ(quantity("TS-S"), 0);
  EXPECT_EQ(quantity("TS-L"), 7);
}

TEST_P(InventorySyncTest, FollowsEveryPageAndAsksStockFiftyAtATime) {
  std::vector<std::string> catalog;
  for (int i = 0; i < 260; ++i) {
    const auto sku = "SKU-" + std::to_string(1000 + i);
    oms.stock[sku] = {i, 5};
    if (i % 2 == 0) catalog.push_back(sku);
  }
  stock.put_catalog_skus(a.id, catalog);
  auto out = sync.run_with(a.id, oms, 0);
  EXPECT_EQ(oms.polled_since.size(), 3u);  // 100 + 100 + 60
  EXPECT_EQ(oms.stock_calls.size(), 6u);   // 260 in calls of 50
  EXPECT_EQ(out.changed, 260u);
  EXPECT_EQ(out.updated, 130u);
  EXPECT_EQ(out.unmapped, 130u);
  EXPECT_EQ(quantity("SKU-1258"), 258);
}

TEST_P(InventorySyncTest, AFailedSyncKeepsTheCursorAndTheNextCatchesUp) {
  stock.put_catalog_skus(a.id, {"A", "B"});
  oms.stock = {{"A", {5, 1000}}};
  const auto first = sync.run_with(a.id, oms, 0);
  clock.advance_ms(60'000);
  oms.stock["A"] = {3, first.until + 1};
  oms.stock["B"] = {8, first.until + 2};
  oms.fail_stock = FaultKind::timeout;
  EXPECT_THROW(sync.run_with(a.id, oms, 0), OmsFault);
  EXPECT_EQ(stock.stock_sync_state(a.id)->cursor, first.until);
  EXPECT_EQ(quantity("A"), 5);  // nothing of the failed sync was stored
  EXPECT_EQ(quantity("B"), 0);  // as the first sync found it (sold, unknown to the OMS)
  oms.fail_stock.reset();
  clock.advance_ms(60'000);
  const auto next = sync.run_with(a.id, oms, 0);
  EXPECT_EQ(next.since, first.until);
  EXPECT_EQ(next.changed, 2u);
  EXPECT_EQ(quantity("A"), 3);
  EXPECT_EQ(quantity("B"), 8);
}

TEST_P(InventorySyncTest, ANewlySoldSkuGetsItsStockAtTheNextSync) {
  stock.put_catalog_skus(a.id, {"A"});
  oms.stock = {{"A", {5, 1000}}, {"NEW", {7, 1000}}, {"GONE", {0, 1000}}};
  const auto first = sync.run_with(a.id, oms, 1);
  EXPECT_EQ(first.added, 0u);
  clock.advance_ms(60'000);
  // The storefront starts selling NEW (listed unmapped before), GONE and NOWHERE (unknown to
  // the OMS); none of them changes at the OMS.
  stock.put_catalog_skus(a.id, {"A", "GONE", "NEW", "NOWHERE"});
  oms.stock_calls.clear();
  const auto second = sync.run_with(a.id, oms, 1);
  EXPECT_EQ(second.to_json(), nlohmann::json::parse(R"({"since":"2027-01-15T08:00:00Z",
      "until":"2027-01-15T08:01:00Z","changed":0,"updated":3,"unmapped":0,"added":3})"));
  EXPECT_EQ(oms.stock_calls, (std::vector<std::vector<std::string>>{{"GONE", "NEW", "NOWHERE"}}));
  EXPECT_EQ(quantity("NEW"), 6);  // the OMS's 7 less the safety stock
  EXPECT_EQ(quantity("GONE"), 0);
  EXPECT_EQ(quantity("NOWHERE"), 0);
  EXPECT_EQ(quantity("A"), 4);  // untouched
  // Synced now (with 0 too): the next sync asks for changes only.
  clock.advance_ms(60'000);
  oms.stock_calls.clear();
  EXPECT_EQ(sync.run_with(a.id, oms, 1).added, 0u);
  EXPECT_TRUE(oms.stock_calls.empty());
}

TEST_P(InventorySyncTest, ASyncOfAStoreWhileOneRunsIsRefusedAndNothingIsAsked) {
  stock.put_catalog_skus(a.id, {"A"});
  oms.stock = {{"A", {5, 1000}}};
  OmsDouble other;
  std::optional<Error> refused;
  bool once = false;
  oms.while_polling = [&] {
    if (std::exchange(once, true)) return;
    try {
      sync.run_with(a.id, other, 0);
    } catch (const Error& e) {
      refused = e;
    }
    sync.run_with(b.id, other, 0);  // another store syncs meanwhile
  };
  const auto out = sync.run_with(a.id, oms, 0);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->code(), ErrorCode::conflict);
  EXPECT_EQ(refused->field(), "sync");
  EXPECT_STREQ(refused->what(), "a sync is running");
  EXPECT_EQ(other.polled_since.size(), 1u);  // b's sync only
  EXPECT_EQ(out.updated, 1u);
  // Once it has ended, or failed, the store syncs again.
  clock.advance_ms(60'000);
  oms.stock["A"] = {6, out.until + 1};
  oms.fail_stock = FaultKind::refused;
  EXPECT_THROW(sync.run_with(a.id, oms, 0), OmsFault);
  oms.fail_stock.reset();
  EXPECT_NO_THROW(sync.run_with(a.id, oms, 0));
}

TEST_P(InventorySyncTest, PagesThatNeverEndAreAFault) {
  oms.stock = {{"A", {1, 0}}};
  oms.endless_pages = true;
  EXPECT_THROW(sync.run_with(a.id, oms, 0), OmsFault);
  EXPECT_FALSE(stock.stock_sync_state(a.id));
}

TEST_P(InventorySyncTest, CartCheckComparesWhatTheOmsHasLessSafetyStock) {
  oms.stock = {{"A", {5, 0}}, {"B", {2, 0}}};
  auto check = check_cart_stock(oms, 2, {{"A", 3}, {"B", 1}, {"C", 1}, {"A", 4}});
  EXPECT_FALSE(check.ok);
  ASSERT_EQ(check.items.size(), 4u);
  EXPECT_TRUE(check.items[0].ok);
  EXPECT_EQ(check.items[0].available, 3);
  EXPECT_FALSE(check.items[1].ok);  // 2 less 2 leaves none
  EXPECT_EQ(check.items[1].available, 0);
  EXPECT_FALSE(check.items[2].ok);  // unknown to the OMS
  EXPECT_FALSE(check.items[3].ok);
  EXPECT_EQ(oms.stock_calls.size(), 1u);  // A asked once
  EXPECT_TRUE(check_cart_stock(oms, 0, {{"A", 5}}).ok);
}

HERALD_ON_EVERY_BACKEND(InventorySyncTest);

}  // namespace
}  // namespace herald::oms
