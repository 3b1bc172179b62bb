// Orders pushed to an OMS, on every backend: one row per order id and store, the list by state
// oldest first, claims that lease due rows to one claimer at a time, and changes recorded only
// on the version they were decided on.
#include "store/oms_order_storage.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "store/stores_on_backend.h"

namespace herald::store {
namespace {

struct OmsOrderStorageTest : testing::StoresOnBackend {
  OmsOrderStorage& oms = opened.oms_orders();

  OmsOrderRow order(StoreId store, const std::string& id, const std::string& state, TimeMs at,
                    TimeMs next_attempt = 0) {
    OmsOrderRow r;
    r.store_id = store;
    r.order_id = id;
    r.payment = "prepaid";
    r.body_json = R"({"order_id":")" + id + R"("})";
    r.state = state;
    r.attempts = 1;
    r.next_attempt_at = next_attempt;
    r.created_at = r.updated_at = at;
    return r;
  }

  static std::vector<std::string> ids(const std::vector<OmsOrderRow>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.order_id);
    return out;
  }
};

TEST_P(OmsOrderStorageTest, AnOrderIdIsStoredOncePerStore) {
  auto first = oms.insert_oms_order(order(a.id, "K-1", "push_failed", 100, 160));
  EXPECT_TRUE(first.inserted);
  EXPECT_EQ(first.row.version, 1);
  EXPECT_GT(first.row.id, 0);
  EXPECT_EQ(first.row.body_json, R"({"order_id":"K-1"})");

  auto again = order(a.id, "K-1", "placed", 200);
  again.body_json = R"({"other":true})";
  auto second = oms.insert_oms_order(again);
  EXPECT_FALSE(second.inserted);
  EXPECT_EQ(second.row.id, first.row.id);
  EXPECT_EQ(second.row.state, "push_failed");
  EXPECT_EQ(second.row.body_json, R"({"order_id":"K-1"})");
  EXPECT_EQ(second.row.created_at, 100);

  EXPECT_TRUE(oms.insert_oms_order(order(b.id, "K-1", "placed", 300)).inserted);
  EXPECT_EQ(oms.get_oms_order(b.id, "K-1")->state, "placed");
  EXPECT_EQ(oms.get_oms_order(a.id, "K-1")->state, "push_failed");
  EXPECT_FALSE(oms.get_oms_order(a.id, "K-2"));
}

TEST_P(OmsOrderStorageTest, TheListIsByStateOldestFirstInPagesThatResumeAfterTheCursor) {
  oms.insert_oms_order(order(a.id, "K-3", "missing", 300));
  oms.insert_oms_order(order(a.id, "K-1", "missing", 100));
  oms.insert_oms_order(order(a.id, "K-2", "placed", 200));
  oms.insert_oms_order(order(a.id, "K-4", "missing", 300));  // same time as K-3: by id
  oms.insert_oms_order(order(b.id, "K-9", "missing", 50));   // another store's

  auto page = oms.list_oms_orders(a.id, "missing", 2, std::nullopt);
  EXPECT_EQ(ids(page), (std::vector<std::string>{"K-1", "K-3"}));
  auto rest = oms.list_oms_orders(a.id, "missing", 2,
                                  OmsOrderCursor{page.back().created_at, page.back().id});
  EXPECT_EQ(ids(rest), (std::vector<std::string>{"K-4"}));
  EXPECT_TRUE(oms.list_oms_orders(a.id, "missing", 2,
                                  OmsOrderCursor{rest.back().created_at, rest.back().id})
                  .empty());
  EXPECT_EQ(ids(oms.list_oms_orders(a.id, "", 10, std::nullopt)),
            (std::vector<std::string>{"K-1", "K-2", "K-3", "K-4"}));
  EXPECT_TRUE(oms.list_oms_orders(a.id, "cancelled", 10, std::nullopt).empty());

  auto counts = oms.count_oms_orders(a.id);
  EXPECT_EQ(counts, (std::map<std::string, std::int64_t>{{"missing", 3}, {"placed", 1}}));
}

TEST_P(OmsOrderStorageTest, AClaimLeasesDueRowsOfOneStateUntilTheLeaseEnds) {
  oms.insert_oms_order(order(a.id, "K-1", "push_failed", 100, 500));
  oms.insert_oms_order(order(b.id, "K-2", "push_failed", 100, 400));
  oms.insert_oms_order(order(a.id, "K-3", "push_failed", 100, 900));  // not due yet
  oms.insert_oms_order(order(a.id, "K-4", "missing", 100, 450));      // another state
  oms.insert_oms_order(order(a.id, "K-5", "placed", 100, 0));         // nothing due

  auto claimed = oms.claim_due_oms_orders("push_failed", 600, 10, 2000);
  ASSERT_EQ(ids(claimed), (std::vector<std::string>{"K-1", "K-2"}));
  EXPECT_EQ(claimed[0].next_attempt_at, 2000);
  EXPECT_EQ(claimed[0].version, 2);
  EXPECT_EQ(claimed[1].store_id, b.id);
  EXPECT_EQ(oms.get_oms_order(a.id, "K-1")->next_attempt_at, 2000);

  EXPECT_TRUE(oms.claim_due_oms_orders("push_failed", 700, 10, 2100).empty());  // leased
  EXPECT_EQ(ids(oms.claim_due_oms_orders("push_failed", 2000, 10, 3000)),
            (std::vector<std::string>{"K-1", "K-2", "K-3"}));  // the claimer went silent
  EXPECT_EQ(ids(oms.claim_due_oms_orders("missing", 2000, 10, 3000)),
            (std::vector<std::string>{"K-4"}));
  EXPECT_TRUE(oms.claim_due_oms_orders("placed", 99999, 10, 100000).empty());
}

TEST_P(OmsOrderStorageTest, AClaimTakesAtMostTheLimitLongestDueFirst) {
  oms.insert_oms_order(order(a.id, "K-1", "push_failed", 100, 300));
  oms.insert_oms_order(order(a.id, "K-2", "push_failed", 100, 200));
  oms.insert_oms_order(order(a.id, "K-3", "push_failed", 100, 100));
  EXPECT_EQ(ids(oms.claim_due_oms_orders("push_failed", 1000, 2, 5000)),
            (std::vector<std::string>{"K-2", "K-3"}));
}

TEST_P(OmsOrderStorageTest, AChangeIsRecordedOnlyOnTheVersionItWasDecidedOn) {
  auto stored = oms.insert_oms_order(order(a.id, "K-1", "push_failed", 100, 500)).row;
  auto claimed = oms.claim_due_oms_orders("push_failed", 600, 10, 2000).at(0);

  auto stale = stored;
  stale.state = "placed";
  EXPECT_FALSE(oms.record_oms_order(stale, stored.version));  // the claim moved it on

  auto decided = claimed;
  decided.state = "missing";
  decided.fynd_order_id = "FY-1";
  decided.oms_status = "pending";
  decided.last_error = "";
  decided.attempts = 2;
  decided.next_attempt_at = 900100;
  decided.updated_at = 650;
  EXPECT_TRUE(oms.record_oms_order(decided, claimed.version));
  EXPECT_FALSE(oms.record_oms_order(decided, claimed.version));  // once

  auto now = *oms.get_oms_order(a.id, "K-1");
  EXPECT_EQ(now.state, "missing");
  EXPECT_EQ(now.fynd_order_id, "FY-1");
  EXPECT_EQ(now.oms_status, "pending");
  EXPECT_EQ(now.attempts, 2);
  EXPECT_EQ(now.next_attempt_at, 900100);
  EXPECT_EQ(now.updated_at, 650);
  EXPECT_EQ(now.created_at, 100);
  EXPECT_EQ(now.version, claimed.version + 1);
  EXPECT_EQ(now.body_json, stored.body_json);

  auto other_store = decided;
  other_store.store_id = b.id;
  EXPECT_FALSE(oms.record_oms_order(other_store, now.version));
}

TEST_P(OmsOrderStorageTest, NodesClaimingTogetherNeverTakeTheSameRow) {
  constexpr int kOrders = 60;
  for (int i = 0; i < kOrders; ++i)
    oms.insert_oms_order(order(a.id, "K-" + std::to_string(i), "push_failed", 100, 200 + i));
  auto node_b = open_storage(database.url());
  std::vector<std::string> took_a, took_b;
  auto drain = [](OmsOrderStorage& s, std::vector<std::string>& took) {
    for (;;) {
      auto rows = s.claim_due_oms_orders("push_failed", 1000, 3, 99999);
      if (rows.empty()) return;
      for (auto& r : rows) took.push_back(r.order_id);
    }
  };
  std::thread one([&] { drain(oms, took_a); });
  std::thread two([&] { drain(node_b.oms_orders(), took_b); });
  one.join();
  two.join();
  std::set<std::string> all(took_a.begin(), took_a.end());
  all.insert(took_b.begin(), took_b.end());
  EXPECT_EQ(all.size(), static_cast<std::size_t>(kOrders));
  EXPECT_EQ(took_a.size() + took_b.size(), static_cast<std::size_t>(kOrders));
}

HERALD_ON_EVERY_BACKEND(OmsOrderStorageTest);

}  // namespace
}  // namespace herald::store
