#include "campaigns/campaign_worker.h"

#include <gtest/gtest.h>

#include "campaigns/campaign.h"
#include "domain/dashboard_figures.h"
#include "orders/order_status_service.h"
#include "store/open_storage.h"
#include "support/temp_dir.h"

namespace herald::campaigns {
namespace {

using nlohmann::json;

constexpr TimeMs kStart = 1'800'000'000'000;

struct CampaignWorkerTest : ::testing::Test {
  testing::TempDir dir;
  ManualClock clock{kStart};
  store::Storages opened = store::open_storage("sqlite://" + dir.file("h.db"));
  store::Storage* db = &opened.storage();
  store::StoreRecord shop = db->create_store("shop", "hash", "", {}, 1);
  store::StoreRecord other = db->create_store("other", "hash2", "", {}, 1);
  std::unique_ptr<intake::IntakeService> intake = std::make_unique<intake::IntakeService>(
      intake::IntakeStores{*db, *db, *db, *db, opened.orders()}, clock, "shop@example.com",
      nullptr);
  std::unique_ptr<CampaignWorker> worker = std::make_unique<CampaignWorker>(
      *db, *db, opened.orders(), *intake, clock, "shop@example.com", nullptr);

  void SetUp() override {
    db->put_template(shop.id, {"shipped", domain::Channel::sms, "en", "", "", "",
                               "Order {{order.id}} is on its way", 0});
    auto c = parse_campaign(json::parse(R"({
      "name": "COD reminder", "trigger": {"type": "order_status_changed",
      "status_type": "delivery", "to": "SHIPPED"},
      "filter": {"field": "order.payment", "op": "eq", "value": "cod"},
      "actions": [{"type": "send_sms", "template": "shipped", "delay_seconds": 60}]})"));
    store::CampaignRow row;
    row.spec_json = to_json(c).dump();
    opened.orders().create_campaign(shop.id, row, kStart);
  }

  orders::StatusChangeResult change(store::StoreId store, const std::string& order,
                                    const std::string& code, TimeMs at,
                                    const std::string& payment = "cod") {
    orders::StatusChangeRequest r;
    r.store_id = store;
    r.order_id = order;
    r.type = "delivery";
    r.code = code;
    r.at = at;
    r.context_patch =
        json{{"order", {{"payment", payment}}}, {"customer", {{"phone", "+4790000001"}}}};
    return orders::OrderStatusService(opened.orders()).record_change(r, clock.now_ms());
  }

  std::vector<store::MessageRow> messages(store::StoreId store) {
    return db->find_messages(store, store::MessageQuery{});
  }
};

TEST_F(CampaignWorkerTest, DelayedSendFiresOnceWhenDueAndOnlyForMatchingOrders) {
  change(shop.id, "O-1", "PICKED", kStart - 1000);
  auto shipped = change(shop.id, "O-1", "SHIPPED", kStart);
  change(shop.id, "O-2", "SHIPPED", kStart, "card");
  change(other.id, "O-3", "SHIPPED", kStart);  // another store: its campaigns only (none)
  worker->run_once();
  EXPECT_TRUE(messages(shop.id).empty());
  clock.advance_ms(59'000);
  worker->run_once();
  EXPECT_TRUE(messages(shop.id).empty());
  clock.advance_ms(2'000);
  worker->run_once();
  auto rows = messages(shop.id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].order_id, "O-1");
  EXPECT_EQ(rows[0].campaign_id, 1);
  EXPECT_EQ(rows[0].status_change_id, shipped.change_id);
  EXPECT_TRUE(messages(other.id).empty());
  worker->run_once();
  EXPECT_EQ(messages(shop.id).size(), 1u);
}

TEST_F(CampaignWorkerTest, ScheduledSendSurvivesARestart) {
  change(shop.id, "O-1", "SHIPPED", kStart);
  worker->run_once();  // scheduled for +60 s
  worker.reset();
  intake.reset();
  opened = store::open_storage("sqlite://" + dir.file("h.db"));
  db = &opened.storage();
  intake = std::make_unique<intake::IntakeService>(
      intake::IntakeStores{*db, *db, *db, *db, opened.orders()}, clock, "shop@example.com",
      nullptr);
  worker = std::make_unique<CampaignWorker>(*db, *db, opened.orders(), *intake, clock,
                                            "shop@example.com", nullptr);
  clock.advance_ms(61'000);
  worker->run_once();
  EXPECT_EQ(messages(shop.id).size(), 1u);
}

TEST_F(CampaignWorkerTest, RepeatedLateAndRepeatedTransitionsFireNothing) {
  change(shop.id, "O-1", "PICKED", kStart - 5000);
  change(shop.id, "O-1", "SHIPPED", kStart);
  EXPECT_EQ(change(shop.id, "O-1", "SHIPPED", kStart + 1).outcome, orders::ChangeOutcome::same);
  EXPECT_EQ(change(shop.id, "O-1", "SHIPPED", kStart - 100).outcome, orders::ChangeOutcome::late);
  change(shop.id, "O-1", "PICKED", kStart + 10);
  change(shop.id, "O-1", "SHIPPED", kStart + 20);  // PICKED -> SHIPPED again: same transition
  clock.advance_ms(120'000);
  worker->run_once();
  worker->run_once();
  EXPECT_EQ(messages(shop.id).size(), 1u);
  auto order = opened.orders().get_order(shop.id, "O-1");
  ASSERT_TRUE(order);
  EXPECT_EQ(order->history.size(), 5u);  // the repeat is not recorded, the late one is
}

// A backlog (a bulk import, a restart after downtime) is evaluated a batch per transaction;
// a change near its end is not lost between batches.
TEST_F(CampaignWorkerTest, ABacklogIsEvaluatedInBatches) {
  for (int i = 0; i < 300; ++i)
    change(i % 2 == 0 ? shop.id : other.id, "B-" + std::to_string(i), "SHIPPED", kStart, "card");
  change(shop.id, "O-9", "SHIPPED", kStart);
  EXPECT_EQ(worker->run_once(), 256);
  EXPECT_EQ(worker->run_once(), 45);
  EXPECT_EQ(worker->run_once(), 0);
  clock.advance_ms(61'000);
  EXPECT_EQ(worker->run_once(), 1);  // the one send that was due
  auto rows = messages(shop.id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].order_id, "O-9");
  EXPECT_TRUE(messages(other.id).empty());
}

TEST_F(CampaignWorkerTest, InactiveCampaignDoesNotFire) {
  auto& orders = opened.orders();
  auto row = *orders.get_campaign(shop.id, 1);
  auto c = campaign_from_json(json::parse(row.spec_json));
  c.active = false;
  row.active = false;
  row.spec_json = to_json(c).dump();
  orders.update_campaign(shop.id, row, kStart);
  change(shop.id, "O-1", "SHIPPED", kStart);
  clock.advance_ms(61'000);
  worker->run_once();
  EXPECT_TRUE(messages(shop.id).empty());
  EXPECT_FALSE(orders.get_campaign(other.id, 1));  // confined to its store
}

TEST_F(CampaignWorkerTest, ACampaignMessageIsCountedOnTheDashboardOnce) {
  change(shop.id, "O-1", "SHIPPED", kStart);
  clock.advance_ms(61'000);
  worker->run_once();
  worker->run_once();
  auto counts = opened.ui().daily_counts(shop.id, "channel", 0);
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].key, "sms");
  EXPECT_EQ(counts[0].n, 1);
  EXPECT_EQ(counts[0].day, domain::day_of(clock.now_ms()));
}

}  // namespace
}  // namespace herald::campaigns
