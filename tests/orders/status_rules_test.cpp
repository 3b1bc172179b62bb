#include "orders/status_rules.h"

#include <gtest/gtest.h>

#include "orders/status_report.h"

namespace herald::orders {
namespace {

TEST(StatusRules, FirstStatusIsAChange) {
  EXPECT_EQ(classify_change(std::nullopt, "SHIPPED", 100), ChangeOutcome::changed);
}

TEST(StatusRules, SameCodeIsNotAChange) {
  EXPECT_EQ(classify_change(CurrentStatus{"SHIPPED", 100}, "SHIPPED", 200), ChangeOutcome::same);
  EXPECT_EQ(classify_change(CurrentStatus{"SHIPPED", 100}, "SHIPPED", 100), ChangeOutcome::same);
}

TEST(StatusRules, OlderNeverOverwritesNewer) {
  EXPECT_EQ(classify_change(CurrentStatus{"DELIVERED", 200}, "SHIPPED", 100), ChangeOutcome::late);
  EXPECT_EQ(classify_change(CurrentStatus{"DELIVERED", 200}, "DELIVERED", 100),
            ChangeOutcome::late);
}

TEST(StatusRules, NewerOrSameTimeWithOtherCodeChanges) {
  EXPECT_EQ(classify_change(CurrentStatus{"SHIPPED", 100}, "DELIVERED", 200),
            ChangeOutcome::changed);
  EXPECT_EQ(classify_change(CurrentStatus{"SHIPPED", 100}, "DELIVERED", 100),
            ChangeOutcome::changed);
}

TEST(StatusRules, DefaultMappingOfEventTypes) {
  auto m = default_mapping("OUT_FOR_DELIVERY");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status_type, "delivery");
  EXPECT_EQ(m->code, "OUT_FOR_DELIVERY");
  EXPECT_EQ(default_mapping("REFUND_COMPLETED")->status_type, "payment");
  EXPECT_EQ(default_mapping("ORDER_PLACED")->status_type, "general");
  EXPECT_FALSE(default_mapping("MY_OWN_STATUS"));
  EXPECT_EQ(default_mappings().size(), 16u);
}

TEST(StatusRules, Codes) {
  EXPECT_TRUE(valid_code("AT_PICKUP"));
  EXPECT_FALSE(valid_code(""));
  EXPECT_FALSE(valid_code("has space"));
  EXPECT_EQ(parse_status_kind("payment"), StatusKind::payment);
  EXPECT_FALSE(parse_status_kind("shipping"));
}

TEST(StatusReport, CountsOrdersAndMedianGaps) {
  auto change = [](const std::string& order, const std::string& code, TimeMs at) {
    store::StatusChange c;
    c.order_id = order;
    c.type = "delivery";
    c.to_code = code;
    c.at = at;
    return c;
  };
  std::vector<store::StatusChange> changes{
      change("A", "PICKED", 0),   change("A", "SHIPPED", 10'000),
      change("B", "PICKED", 0),   change("B", "SHIPPED", 30'000),
      change("C", "PICKED", 0),   change("C", "SHIPPED", 20'000),
      change("C", "LOST", 25'000)};
  std::vector<store::OrderStatusDef> defs{{1, "Picked", "delivery", "PICKED", true, 0, 0},
                                          {2, "Shipped", "delivery", "SHIPPED", true, 0, 0},
                                          {3, "Lost", "delivery", "LOST", false, 0, 0}};
  auto r = status_report(changes, defs, 0, 100'000);
  ASSERT_EQ(r["statuses"].size(), 2u);
  EXPECT_EQ(r["statuses"][0]["code"], "PICKED");
  EXPECT_EQ(r["statuses"][0]["orders"], 3);
  ASSERT_EQ(r["transitions"].size(), 1u);
  EXPECT_EQ(r["transitions"][0]["from"], "PICKED");
  EXPECT_EQ(r["transitions"][0]["to"], "SHIPPED");
  EXPECT_DOUBLE_EQ(r["transitions"][0]["median_seconds"].get<double>(), 20.0);
  auto later = status_report(changes, defs, 15'000, 100'000);
  EXPECT_EQ(later["statuses"][0]["orders"], 0);  // PICKED entered before the period
  EXPECT_EQ(later["statuses"][1]["orders"], 2);
  EXPECT_DOUBLE_EQ(median({1, 2, 3, 4}), 2.5);
}

}  // namespace
}  // namespace herald::orders
