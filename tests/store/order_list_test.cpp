#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "store/order_storage.h"
#include "store/stores_on_backend.h"

namespace herald::store {
namespace {

struct OrderListTest : testing::StoresOnBackend {
  // Stores an order event as intake does: its order update decided, then stored with it.
  void order(StoreId store, const std::string& id, const std::string& number, TimeMs now) {
    NewEvent e;
    e.store_id = store;
    e.event_id = "e-" + id + "-" + std::to_string(now);
    e.type = "ORDER_PLACED";
    e.order_id = id;
    e.occurred_at = now;
    e.payload = {{"order", {{"id", id}}}, {"customer", {{"name", "Sara"}}}};
    if (!number.empty()) e.payload["order"]["number"] = number;
    std::vector<NewEvent> events{std::move(e)};
    order_statuses.decide_events(events);
    db->accept_events(events, now);
  }

  std::vector<std::string> ids(const OrderListQuery& q, StoreId store = 0) {
    std::vector<std::string> out;
    for (const auto& o : orders.list_orders(store ? store : a.id, q)) out.push_back(o.order_id);
    return out;
  }
};

using Ids = std::vector<std::string>;

TEST_P(OrderListTest, NewestCreatedFirstInKeysetPagesBothWays) {
  // O-3 and O-4 share a millisecond: the id breaks the tie, in byte order ("O-4" > "O-3").
  order(a.id, "O-1", "K-1", 100);
  order(a.id, "O-2", "K-2", 200);
  order(a.id, "O-3", "K-3", 300);
  order(a.id, "O-4", "K-4", 300);
  order(a.id, "O-5", "K-5", 500);
  order(b.id, "B-1", "K-1", 600);
  order(a.id, "O-1", "K-1", 700);  // a later event: updated, but it keeps its place

  OrderListQuery q;
  q.limit = 2;
  EXPECT_EQ(ids(q), (Ids{"O-5", "O-4"}));
  q.before = OrderCursor{300, "O-4"};
  EXPECT_EQ(ids(q), (Ids{"O-3", "O-2"}));
  q.before = OrderCursor{200, "O-2"};
  EXPECT_EQ(ids(q), (Ids{"O-1"}));
  q.before.reset();
  q.after = OrderCursor{200, "O-2"};  // the newer page, still newest first
  EXPECT_EQ(ids(q), (Ids{"O-4", "O-3"}));
  q.after = OrderCursor{300, "O-4"};
  EXPECT_EQ(ids(q), (Ids{"O-5"}));

  auto first = orders.list_orders(a.id, {});
  ASSERT_EQ(first.size(), 5u);
  EXPECT_EQ(first.back().order_id, "O-1");
  EXPECT_EQ(first.back().created_at, 100);
  EXPECT_EQ(first.back().updated_at, 700);
  EXPECT_TRUE(first.back().history.empty());
  EXPECT_EQ(nlohmann::json::parse(first.back().snapshot_json)["order"]["number"], "K-1");
}

TEST_P(OrderListTest, FindsAnOrderByIdOrNumberWithinTheStore) {
  order(a.id, "FY-1", "KRT-1001", 100);
  order(a.id, "FY-2", "KRT-1002", 200);
  order(a.id, "FY-3", "", 300);  // no number
  order(b.id, "FY-9", "KRT-1001", 400);

  OrderListQuery q;
  q.search = "KRT-1001";
  EXPECT_EQ(ids(q), (Ids{"FY-1"}));
  q.search = "FY-2";
  EXPECT_EQ(ids(q), (Ids{"FY-2"}));
  q.search = "FY-3";
  EXPECT_EQ(ids(q), (Ids{"FY-3"}));
  q.search = "FY-9";  // another store's order
  EXPECT_EQ(ids(q), Ids{});
  q.search = "KRT-100";  // exact, not a prefix
  EXPECT_EQ(ids(q), Ids{});
  q.search = "KRT-1001";
  q.before = OrderCursor{100, "FY-1"};  // paged past it
  EXPECT_EQ(ids(q), Ids{});
}

TEST_P(OrderListTest, ANumberGivenAsAJsonNumberIsFoundAsText) {
  NewEvent e;
  e.store_id = a.id;
  e.event_id = "e-n";
  e.type = "ORDER_PLACED";
  e.order_id = "FY-7";
  e.occurred_at = 10;
  e.payload = nlohmann::json::parse(R"({"order":{"id":"FY-7","number":1007}})");
  std::vector<NewEvent> events{std::move(e)};
  order_statuses.decide_events(events);
  db->accept_events(events, 10);
  OrderListQuery q;
  q.search = "1007";
  EXPECT_EQ(ids(q), (Ids{"FY-7"}));
}

HERALD_ON_EVERY_BACKEND(OrderListTest);

}  // namespace
}  // namespace herald::store
