// Conformance of what the order pages and the reports read, on every backend: status
// definitions changed, the status at a time, recent orders, the changes a status report reads
// and the delivery report's figures.
#include <gtest/gtest.h>

#include "common/error.h"
#include "orders/order_status_service.h"
#include "store/open_storage.h"
#include "store/order_storage.h"
#include "store/storage.h"
#include "store/stores_on_backend.h"

namespace herald::store {
namespace {

using domain::Channel;
using domain::MessageStatus;

struct OrderReportStorageTest : testing::StoresOnBackend {
  int next_id = 0;

  void change(StoreId store, const std::string& order, const std::string& type,
              const std::string& code, TimeMs at, TimeMs now) {
    orders::StatusChangeRequest r;
    r.store_id = store;
    r.order_id = order;
    r.type = type;
    r.code = code;
    r.at = at;
    order_statuses.record_change(r, now);
  }

  std::int64_t message(const std::string& type, const std::string& template_key, TimeMs now) {
    NewMessage m;
    m.public_id = "M" + std::to_string(++next_id);
    m.channel = Channel::email;
    m.type = type;
    m.template_key = template_key;
    m.to = {"x@y.no"};
    m.search_addresses = m.to;
    NewEvent e;
    e.store_id = a.id;
    e.type = type;
    e.messages = {m};
    db->accept_events({e}, now);
    return db->locate_message(m.public_id)->seq;
  }

  void report(std::int64_t seq, const std::string& type, MessageStatus status, TimeMs at) {
    const auto s = *db->report_state(seq);
    ReportChange c;
    c.seq = seq;
    c.expected_status = s.status;
    c.expected_fail_count = s.fail_count;
    c.expected_timeline_end = s.timeline_end;
    c.expected_timeline_entries = s.timeline_entries;
    c.entry.type = type;
    c.entry.recipient = "x@y.no";
    c.entry.at = at;
    c.status = status;
    c.fail_count = status == MessageStatus::bounced ? 1 : 0;
    ASSERT_TRUE(db->record_report(c));
  }
};

TEST_P(OrderReportStorageTest, AStatusDefinitionIsChangedInItsOwnStoreOnly) {
  const auto shipped =
      orders.create_order_status(a.id, {0, "Shipped", "delivery", "SHIPPED", true, 0, 0}, 5);
  orders.create_order_status(a.id, {0, "Delivered", "delivery", "DELIVERED", true, 0, 0}, 5);
  auto d = shipped;
  d.name = "Sent off";
  d.code = "SENT";
  d.include_in_analytics = false;
  const auto updated = orders.update_order_status(a.id, d, 9);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->id, shipped.id);
  EXPECT_EQ(updated->name, "Sent off");
  EXPECT_EQ(updated->code, "SENT");
  EXPECT_FALSE(updated->include_in_analytics);
  EXPECT_EQ(updated->created_at, 5);
  EXPECT_EQ(updated->updated_at, 9);
  EXPECT_FALSE(orders.update_order_status(b.id, d, 10));  // another store's status
  d.id = shipped.id + 100;
  EXPECT_FALSE(orders.update_order_status(a.id, d, 10));  // no such status
  d.id = shipped.id;
  d.code = "DELIVERED";
  try {
    orders.update_order_status(a.id, d, 11);
    FAIL() << "two delivery statuses DELIVERED";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::conflict);
    EXPECT_EQ(e.field(), "code");
  }
  std::vector<std::string> codes;
  for (const auto& s : orders.list_order_statuses(a.id)) codes.push_back(s.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"DELIVERED", "SENT"}));
}

TEST_P(OrderReportStorageTest, TheStatusAtATimeIsTheLatestChangeOfThatTypeUpToIt) {
  change(a.id, "O-1", "delivery", "SHIPPED", 100, 1000);
  change(a.id, "O-1", "delivery", "DELIVERED", 300, 1001);
  change(a.id, "O-1", "payment", "PAID", 200, 1002);
  EXPECT_FALSE(orders.status_at(a.id, "O-1", "delivery", 99));
  EXPECT_EQ(orders.status_at(a.id, "O-1", "delivery", 100)->code, "SHIPPED");
  const auto at = orders.status_at(a.id, "O-1", "delivery", 299);
  ASSERT_TRUE(at);
  EXPECT_EQ(at->code, "SHIPPED");
  EXPECT_EQ(at->type, "delivery");
  EXPECT_EQ(at->at, 100);
  EXPECT_EQ(orders.status_at(a.id, "O-1", "delivery", 5000)->code, "DELIVERED");
  EXPECT_EQ(orders.status_at(a.id, "O-1", "payment", 5000)->code, "PAID");
  EXPECT_FALSE(orders.status_at(b.id, "O-1", "delivery", 5000));
  EXPECT_FALSE(orders.status_at(a.id, "o-1", "delivery", 5000));
}

TEST_P(OrderReportStorageTest, RecentOrdersAreTheLatestUpdatedFirst) {
  change(a.id, "O-1", "delivery", "SHIPPED", 100, 1000);
  change(a.id, "O-2", "delivery", "SHIPPED", 100, 2000);
  change(a.id, "O-3", "delivery", "SHIPPED", 100, 3000);
  change(a.id, "O-1", "delivery", "DELIVERED", 200, 4000);
  change(b.id, "O-9", "delivery", "SHIPPED", 100, 5000);
  const auto recent = orders.recent_orders(a.id, 2);
  ASSERT_EQ(recent.size(), 2u);
  EXPECT_EQ(recent[0].order_id, "O-1");
  EXPECT_EQ(recent[0].created_at, 1000);
  EXPECT_EQ(recent[0].updated_at, 4000);
  EXPECT_EQ(recent[1].order_id, "O-3");
  EXPECT_EQ(orders.recent_orders(a.id, 10).size(), 3u);
}

TEST_P(OrderReportStorageTest, OrdersUpdatedAtTheSameTimeComeLastOrderIdFirst) {
  // Events stored in one group commit share their time.
  for (const char* order : {"O-b", "O-a", "O-c", "O-B"})
    change(a.id, order, "delivery", "SHIPPED", 100, 1000);
  std::vector<std::string> ids;
  for (const auto& o : orders.recent_orders(a.id, 3)) ids.push_back(o.order_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"O-c", "O-b", "O-a"}));
}

TEST_P(OrderReportStorageTest, CampaignSendsDueAtTheSameTimeComeInTheOrderTheyWereScheduled) {
  const auto c1 = orders.create_campaign(a.id, {0, "{}", true, 0, 0}, 1);
  const auto c2 = orders.create_campaign(a.id, {0, "{}", true, 0, 0}, 1);
  for (int i = 0; i < 8; ++i)
    change(a.id, "O-" + std::to_string(i), "delivery", "SHIPPED", 100 + i, 1000);
  std::vector<EvaluatedChange> evaluated;
  for (const auto& c : orders.unevaluated_changes(100))
    evaluated.push_back({c, {{c2.id, 0, 5000}, {c1.id, 1, 5000}, {c1.id, 0, 5000}}});
  ASSERT_EQ(evaluated.size(), 8u);
  orders.schedule_sends(evaluated, 2000);
  orders.schedule_sends(evaluated, 2001);  // the same sends again: ignored
  EXPECT_TRUE(orders.unevaluated_changes(100).empty());
  EXPECT_EQ(orders.next_send_due(), 5000);
  EXPECT_TRUE(orders.due_sends(4999, 100).empty());
  EXPECT_EQ(orders.due_sends(5000, 100).size(), 24u);

  const auto due = orders.due_sends(5000, 10);
  ASSERT_EQ(due.size(), 10u);
  for (size_t i = 1; i < due.size(); ++i) EXPECT_LT(due[i - 1].id, due[i].id);
  EXPECT_EQ(due[0].campaign_id, c2.id);
  EXPECT_EQ(due[0].change.order_id, "O-0");
  EXPECT_EQ(due[1].campaign_id, c1.id);
  EXPECT_EQ(due[1].action_index, 1);
  EXPECT_EQ(due[9].change.order_id, "O-3");
}

TEST_P(OrderReportStorageTest, AReportReadsTheWholeHistoryOfTheOrdersChangedInItsWindow) {
  change(a.id, "O-1", "general", "PLACED", 100, 1000);
  change(a.id, "O-1", "delivery", "SHIPPED", 200, 1001);
  change(a.id, "O-1", "delivery", "DELIVERED", 400, 1002);  // after the window
  change(a.id, "O-2", "delivery", "SHIPPED", 300, 1003);    // after the window
  change(a.id, "o-3", "general", "PLACED", 150, 1004);
  change(b.id, "O-1", "general", "PLACED", 150, 1005);
  std::vector<std::string> read;
  for (const auto& c : orders.changes_for_report(a.id, 150, 250))
    read.push_back(c.order_id + "/" + c.type + "/" + c.to_code + "@" + std::to_string(c.at));
  EXPECT_EQ(read, (std::vector<std::string>{"O-1/delivery/SHIPPED@200", "O-1/general/PLACED@100",
                                            "o-3/general/PLACED@150"}));
}

TEST_P(OrderReportStorageTest, TheDeliveryReportCountsEachStageByTypeOrTemplate) {
  const auto placed = message("ORDER_PLACED", "order_placed", 100);
  const auto bounced = message("ORDER_PLACED", "", 110);
  message("SHIPPED", "shipped", 120);
  const auto b2b = message("b2b_request", "b2b", 130);
  message("ORDER_PLACED", "order_placed", 5000);  // after the window
  report(placed, "sent", MessageStatus::sent, 200);
  report(placed, "delivered", MessageStatus::delivered, 300);
  report(placed, "clicked", MessageStatus::clicked, 400);
  report(bounced, "bounced", MessageStatus::bounced, 200);
  report(b2b, "failed", MessageStatus::failed, 200);

  auto line = [](const DeliveryReportRow& r) {
    return r.group + ":" + std::to_string(r.total) + "," + std::to_string(r.sent) + "," +
           std::to_string(r.delivered) + "," + std::to_string(r.opened) + "," +
           std::to_string(r.clicked) + "," + std::to_string(r.bounced) + "," +
           std::to_string(r.failed);
  };
  std::vector<std::string> by_type, by_template;
  for (const auto& r : orders.delivery_report(a.id, false, 0, 1000)) by_type.push_back(line(r));
  for (const auto& r : orders.delivery_report(a.id, true, 0, 1000)) by_template.push_back(line(r));
  EXPECT_EQ(by_type,
            (std::vector<std::string>{"ORDER_PLACED:2,1,1,1,1,1,0", "SHIPPED:1,0,0,0,0,0,0",
                                      "b2b_request:1,0,0,0,0,0,1"}));
  EXPECT_EQ(by_template,
            (std::vector<std::string>{":1,0,0,0,0,1,0", "b2b:1,0,0,0,0,0,1",
                                      "order_placed:1,1,1,1,1,0,0", "shipped:1,0,0,0,0,0,0"}));
  EXPECT_TRUE(orders.delivery_report(b.id, false, 0, 1000).empty());
}

}  // namespace

HERALD_ON_EVERY_BACKEND(OrderReportStorageTest);

}  // namespace herald::store
