#include "store/order_storage.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "common/error.h"
#include "orders/order_status_service.h"
#include "store/open_storage.h"
#include "store/storage.h"
#include "store/stores_on_backend.h"

namespace herald::store {
namespace {

struct OrderStorageTest : testing::StoresOnBackend {
  // Stores an order event as intake does: its order update decided, then stored with it.
  void accept(NewEvent e, TimeMs now) {
    std::vector<NewEvent> events{std::move(e)};
    order_statuses.decide_events(events);
    db->accept_events(events, now);
  }

  NewEvent event(StoreId store, const std::string& id, const std::string& type, TimeMs at) {
    NewEvent e;
    e.store_id = store;
    e.event_id = id;
    e.type = type;
    e.order_id = "O-1";
    e.occurred_at = at;
    e.payload = nlohmann::json::parse(
        R"({"order":{"id":"O-1","payment":"cod"},"customer":{"phone":"+4790000001"}})");
    return e;
  }
};

TEST_P(OrderStorageTest, StatusCodesAreUniquePerStoreAndType) {
  orders.create_order_status(a.id, {0, "Shipped", "delivery", "SHIPPED", true, 0, 0}, 5);
  try {
    orders.create_order_status(a.id, {0, "Again", "delivery", "SHIPPED", true, 0, 0}, 5);
    FAIL() << "duplicate accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::conflict);
    EXPECT_EQ(e.field(), "code");
  }
  orders.create_order_status(a.id, {0, "Paid", "payment", "SHIPPED", true, 0, 0}, 5);
  orders.create_order_status(b.id, {0, "Shipped", "delivery", "SHIPPED", true, 0, 0}, 5);
  EXPECT_EQ(orders.list_order_statuses(a.id).size(), 2u);
  const auto id = orders.list_order_statuses(a.id)[0].id;
  EXPECT_FALSE(orders.delete_order_status(b.id, id));  // another store's status
  EXPECT_TRUE(orders.delete_order_status(a.id, id));
}

TEST_P(OrderStorageTest, AnEventIsAStatusChangeOnceAndMergesTheSnapshot) {
  accept(event(a.id, "e1", "OUT_FOR_DELIVERY", 100), 1000);
  accept(event(a.id, "e1", "OUT_FOR_DELIVERY", 100), 1001);  // duplicate
  accept(event(a.id, "e2", "ORDER_PLACED", 50), 1002);
  auto o = orders.get_order(a.id, "O-1");
  ASSERT_TRUE(o);
  ASSERT_EQ(o->history.size(), 2u);
  EXPECT_EQ(o->history[0].type, "general");
  EXPECT_EQ(o->history[0].to_code, "ORDER_PLACED");
  EXPECT_EQ(o->history[1].type, "delivery");
  EXPECT_EQ(o->history[1].event_id, "e1");
  auto snapshot = nlohmann::json::parse(o->snapshot_json);
  EXPECT_EQ(snapshot["order"]["payment"], "cod");
  EXPECT_EQ(snapshot["customer"]["phone"], "+4790000001");
  EXPECT_FALSE(orders.get_order(b.id, "O-1"));
}

TEST_P(OrderStorageTest, MappingOverridesAndDisables) {
  orders.put_status_mapping(
      a.id, {{"OUT_FOR_DELIVERY", "delivery", "SHIPPED"}, {"ORDER_PLACED", "", ""}});
  accept(event(a.id, "e1", "OUT_FOR_DELIVERY", 100), 1000);
  accept(event(a.id, "e2", "ORDER_PLACED", 50), 1000);
  auto o = orders.get_order(a.id, "O-1");
  ASSERT_TRUE(o);
  ASSERT_EQ(o->history.size(), 1u);
  EXPECT_EQ(o->history[0].to_code, "SHIPPED");
  accept(event(b.id, "e1", "OUT_FOR_DELIVERY", 100), 1000);
  EXPECT_EQ(orders.get_order(b.id, "O-1")->history[0].to_code, "OUT_FOR_DELIVERY");
}

TEST_P(OrderStorageTest, LateChangeIsHistoryOnly) {
  orders::StatusChangeRequest r;
  r.store_id = a.id;
  r.order_id = "O-9";
  r.type = "delivery";
  r.code = "DELIVERED";
  r.at = 200;
  EXPECT_EQ(order_statuses.record_change(r, 1000).outcome, orders::ChangeOutcome::changed);
  r.code = "SHIPPED";
  r.at = 100;
  auto late = order_statuses.record_change(r, 1001);
  EXPECT_EQ(late.outcome, orders::ChangeOutcome::late);
  EXPECT_EQ(late.current_code, "DELIVERED");
  EXPECT_TRUE(orders.unevaluated_changes(10).size() == 1u);  // only the current one
  auto o = orders.get_order(a.id, "O-9");
  ASSERT_EQ(o->history.size(), 2u);
  EXPECT_EQ(o->history[0].to_code, "SHIPPED");  // oldest first, by time
  EXPECT_FALSE(o->history[0].current);
}

TEST_P(OrderStorageTest, TwoWritersThatMeetCannotBothWin) {
  orders::StatusChangeRequest r;
  r.store_id = a.id;
  r.order_id = "O-5";
  r.type = "delivery";
  r.code = "SHIPPED";
  r.at = 100;
  order_statuses.record_change(r, 1000);
  // Both decide on the same stored order; the first to record wins.
  const auto state = orders.order_states({{a.id, "O-5"}}).at(0);
  r.code = "DELIVERED";
  r.at = 200;
  auto first = orders::decide_change(state, r, std::nullopt);
  r.code = "RETURNED";
  r.at = 300;
  auto second = orders::decide_change(state, r, std::nullopt);
  EXPECT_TRUE(orders.record_status_change(first.update, 1001));
  EXPECT_FALSE(orders.record_status_change(second.update, 1002));  // nothing written
  ASSERT_EQ(orders.get_order(a.id, "O-5")->history.size(), 2u);
  // The loser reads again and decides again: its "from" is the winner's status.
  auto again = order_statuses.record_change(r, 1003);
  EXPECT_EQ(again.outcome, orders::ChangeOutcome::changed);
  EXPECT_EQ(again.from_code, "DELIVERED");
  EXPECT_EQ(orders.get_order(a.id, "O-5")->history.size(), 3u);
}

TEST_P(OrderStorageTest, AnEventWhoseOrderMovedOnIsNotStored) {
  std::vector<NewEvent> events{event(a.id, "e1", "OUT_FOR_DELIVERY", 100)};
  order_statuses.decide_events(events);
  accept(event(a.id, "e2", "ORDER_PLACED", 50), 1000);  // another writer gets there first
  auto acks = db->accept_events(events, 1001);
  EXPECT_TRUE(acks.at(0).order_moved_on);
  EXPECT_EQ(orders.get_order(a.id, "O-1")->history.size(), 1u);
  order_statuses.decide_events(events);  // decided again, it is stored
  EXPECT_FALSE(db->accept_events(events, 1002).at(0).order_moved_on);
  EXPECT_EQ(orders.get_order(a.id, "O-1")->history.size(), 2u);
}

TEST_P(OrderStorageTest, OrderStatesAnswerEveryKeyInItsPlace) {
  orders::StatusChangeRequest r;
  r.store_id = a.id;
  r.order_id = "O-7";
  r.type = "delivery";
  r.code = "SHIPPED";
  r.at = 100;
  order_statuses.record_change(r, 1000);
  r.type = "payment";
  r.code = "PAID";
  order_statuses.record_change(r, 1001);
  r.store_id = b.id;
  r.order_id = "O-8";
  r.type = "delivery";
  r.code = "DELIVERED";
  order_statuses.record_change(r, 1002);

  const auto states =
      orders.order_states({{a.id, "O-8"}, {b.id, "O-8"}, {a.id, "O-7"}, {a.id, "O-none"}});
  ASSERT_EQ(states.size(), 4u);
  EXPECT_FALSE(states[0].exists);  // that order is another store's
  EXPECT_TRUE(states[0].current.empty());
  ASSERT_TRUE(states[1].exists);
  ASSERT_EQ(states[1].current.size(), 1u);
  EXPECT_EQ(states[1].current[0].code, "DELIVERED");
  ASSERT_TRUE(states[2].exists);
  EXPECT_EQ(states[2].version, orders.order_states({{a.id, "O-7"}}).at(0).version);
  std::set<std::string> current;
  for (const auto& c : states[2].current) current.insert(c.type + "=" + c.code);
  EXPECT_EQ(current, (std::set<std::string>{"delivery=SHIPPED", "payment=PAID"}));
  EXPECT_FALSE(states[3].exists);
  EXPECT_TRUE(states[3].current.empty());
}

HERALD_ON_EVERY_BACKEND(OrderStorageTest);

}  // namespace
}  // namespace herald::store
