#include "orders/order_decision.h"

#include <gtest/gtest.h>

namespace herald::orders {
namespace {

using nlohmann::json;

store::OrderState stored(std::int64_t version, const std::string& snapshot,
                         std::vector<store::CurrentOrderStatus> current = {}) {
  store::OrderState s;
  s.exists = true;
  s.version = version;
  s.snapshot_json = snapshot;
  s.current = std::move(current);
  return s;
}

StatusChangeRequest request(const std::string& code, TimeMs at) {
  StatusChangeRequest r;
  r.store_id = 7;
  r.order_id = "O-1";
  r.type = "delivery";
  r.code = code;
  r.at = at;
  r.context_patch = nlohmann::json::parse(R"({"customer":{"phone":"+4790000001"}})");
  return r;
}

TEST(OrderDecision, OverrideThenDefaultThenTheStoresOwnStatus) {
  std::vector<StatusMapping> overrides = {{"OUT_FOR_DELIVERY", "delivery", "SHIPPED"},
                                          {"ORDER_PLACED", "", ""}};
  std::vector<store::OrderStatusDef> own = {{9, "Packed", "general", "PACKED", true, 0, 0},
                                            {4, "Packed", "delivery", "PACKED", true, 0, 0}};
  EXPECT_EQ(resolve_mapping(overrides, own, "OUT_FOR_DELIVERY")->code, "SHIPPED");
  EXPECT_FALSE(resolve_mapping(overrides, own, "ORDER_PLACED"));  // mapped to no status
  EXPECT_EQ(resolve_mapping(overrides, own, "DELIVERY_DONE")->status_type, "delivery");
  EXPECT_EQ(resolve_mapping(overrides, own, "PACKED")->status_type, "delivery");  // first defined
  EXPECT_FALSE(resolve_mapping(overrides, own, "SOMETHING_ELSE"));
}

TEST(OrderDecision, SnapshotMergesObjectsAndKeepsTheOrderId) {
  auto s = merge_snapshot(json::parse(R"({"order":{"id":"O-1","a":1},"customer":{"x":1}})"),
                          json::parse(R"({"order":{"b":2},"customer":"not an object"})"), "O-1");
  EXPECT_EQ(s["order"], json::parse(R"({"id":"O-1","a":1,"b":2})"));
  EXPECT_EQ(s["customer"], json::parse(R"({"x":1})"));
  EXPECT_EQ(merge_snapshot(json(), json::object(), "O-2")["order"]["id"], "O-2");
}

TEST(OrderDecision, AFirstStatusCreatesTheOrder) {
  auto d = decide_change(store::OrderState{}, request("SHIPPED", 100), std::nullopt);
  EXPECT_EQ(d.result.outcome, ChangeOutcome::changed);
  EXPECT_EQ(d.update.expected_version, 0);
  ASSERT_TRUE(d.update.change);
  EXPECT_TRUE(d.update.change->current);
  EXPECT_EQ(d.update.change->from_code, "");
  auto context = json::parse(d.update.change->context_json);
  EXPECT_EQ(context["status"], json::parse(R"({"type":"delivery","from":"","to":"SHIPPED"})"));
  EXPECT_EQ(context["customer"]["phone"], "+4790000001");
}

TEST(OrderDecision, SameCodeMergesTheSnapshotOnly) {
  auto state = stored(3, R"({"order":{"id":"O-1"}})", {{"delivery", "SHIPPED", 100}});
  auto d = decide_change(state, request("SHIPPED", 200), std::nullopt);
  EXPECT_EQ(d.result.outcome, ChangeOutcome::same);
  EXPECT_EQ(d.result.from_code, "SHIPPED");
  EXPECT_FALSE(d.update.change);
  EXPECT_EQ(d.update.expected_version, 3);
  EXPECT_EQ(json::parse(d.update.snapshot_json)["customer"]["phone"], "+4790000001");
}

TEST(OrderDecision, ALateChangeIsHistoryFromWhatWasCurrentThen) {
  auto state = stored(3, "{}", {{"delivery", "DELIVERED", 200}});
  auto d = decide_change(state, request("SHIPPED", 100), CurrentStatus{"PACKED", 50});
  EXPECT_EQ(d.result.outcome, ChangeOutcome::late);
  EXPECT_EQ(d.result.from_code, "PACKED");
  EXPECT_EQ(d.result.current_code, "DELIVERED");
  ASSERT_TRUE(d.update.change);
  EXPECT_FALSE(d.update.change->current);
}

TEST(OrderDecision, ABatchDecidesOnTopOfItsEarlierUpdates) {
  auto first = decide_change(store::OrderState{}, request("SHIPPED", 100), std::nullopt);
  auto state = after(store::OrderState{}, first.update);
  EXPECT_EQ(state.version, 1);
  auto second = decide_change(state, request("DELIVERED", 200), std::nullopt);
  EXPECT_EQ(second.update.expected_version, 1);
  EXPECT_EQ(second.result.from_code, "SHIPPED");
  EXPECT_EQ(after(state, second.update).current.at(0).code, "DELIVERED");
}

}  // namespace
}  // namespace herald::orders
