// Conformance of campaigns, the status mapping and the suppression list on every backend.
#include <gtest/gtest.h>

#include "orders/order_status_service.h"
#include "store/open_storage.h"
#include "store/order_storage.h"
#include "store/storage.h"
#include "store/stores_on_backend.h"

namespace herald::store {
namespace {

using domain::Channel;

struct CampaignSuppressionStorageTest : testing::StoresOnBackend {
  Suppression suppression(Channel ch, const std::string& address, TimeMs created, TimeMs expires) {
    Suppression s;
    s.channel = ch;
    s.address = address;
    s.reason = "userunknown";
    s.detail = "550 5.1.1";
    s.source_message = "M1";
    s.created_at = created;
    s.expires_at = expires;
    return s;
  }
};

TEST_P(CampaignSuppressionStorageTest, CampaignsAreKeptPerStore) {
  const auto one = orders.create_campaign(a.id, {0, R"({"name":"one"})", true, 0, 0}, 10);
  const auto two = orders.create_campaign(a.id, {0, R"({"name":"two"})", true, 0, 0}, 11);
  orders.create_campaign(b.id, {0, R"({"name":"other"})", true, 0, 0}, 12);
  EXPECT_EQ(one.created_at, 10);
  ASSERT_TRUE(orders.get_campaign(a.id, one.id));
  EXPECT_EQ(orders.get_campaign(a.id, one.id)->spec_json, R"({"name":"one"})");
  EXPECT_FALSE(orders.get_campaign(b.id, one.id));

  auto changed = two;
  changed.spec_json = R"({"name":"two, paused"})";
  changed.active = false;
  const auto updated = orders.update_campaign(a.id, changed, 20);
  ASSERT_TRUE(updated);
  EXPECT_FALSE(updated->active);
  EXPECT_EQ(updated->updated_at, 20);
  EXPECT_EQ(updated->created_at, 11);
  EXPECT_FALSE(orders.update_campaign(b.id, changed, 21));

  std::vector<std::string> all, active;
  for (const auto& c : orders.list_campaigns(a.id, false)) all.push_back(c.spec_json);
  for (const auto& c : orders.list_campaigns(a.id, true)) active.push_back(c.spec_json);
  EXPECT_EQ(all, (std::vector<std::string>{R"({"name":"one"})", R"({"name":"two, paused"})"}));
  EXPECT_EQ(active, (std::vector<std::string>{R"({"name":"one"})"}));
}

TEST_P(CampaignSuppressionStorageTest, AFiredSendStoresItsMessageOrSaysWhyNotOnce) {
  const auto campaign = orders.create_campaign(a.id, {0, "{}", true, 0, 0}, 1);
  for (const char* order : {"O-1", "O-2"}) {
    orders::StatusChangeRequest r;
    r.store_id = a.id;
    r.order_id = order;
    r.type = "delivery";
    r.code = "SHIPPED";
    r.at = 100;
    order_statuses.record_change(r, 1000);
  }
  std::vector<EvaluatedChange> evaluated;
  for (const auto& c : orders.unevaluated_changes(10))
    evaluated.push_back({c, {{campaign.id, 0, 2000}}});
  orders.schedule_sends(evaluated, 1000);
  const auto due = orders.due_sends(2000, 10);
  ASSERT_EQ(due.size(), 2u);

  NewMessage m;
  m.public_id = "M-campaign";
  m.channel = Channel::email;
  m.type = "campaign";
  m.to = {"x@y.no"};
  m.search_addresses = m.to;
  m.campaign_id = campaign.id;
  m.status_change_id = due[0].change.id;
  orders.fire_send(due[0], m, "", 2000);
  orders.fire_send(due[1], std::nullopt, "no_email", 2000);
  orders.fire_send(due[0], m, "", 2001);  // fired already: nothing more
  EXPECT_TRUE(orders.due_sends(5000, 10).empty());
  EXPECT_FALSE(orders.next_send_due());
  const auto row = db->get_message(a.id, "M-campaign");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->campaign_id, campaign.id);
  EXPECT_EQ(row->status_change_id, due[0].change.id);
  EXPECT_EQ(db->find_messages(a.id, {}).size(), 1u);
}

TEST_P(CampaignSuppressionStorageTest, TheStoresOwnMappingOverridesAreKeptByEventType) {
  orders.put_status_mapping(a.id, {{"SHIPPED", "delivery", "SENT"}, {"ORDER_PLACED", "", ""}});
  orders.put_status_mapping(a.id, {{"SHIPPED", "delivery", "ON_ITS_WAY"}});
  const auto m = orders.status_mapping_overrides(a.id);
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].event_type, "ORDER_PLACED");
  EXPECT_EQ(m[0].status_type, "");
  EXPECT_EQ(m[1].event_type, "SHIPPED");
  EXPECT_EQ(m[1].code, "ON_ITS_WAY");
  EXPECT_TRUE(orders.status_mapping_overrides(b.id).empty());
}

TEST_P(CampaignSuppressionStorageTest, ASuppressionIsInForceUntilItExpiresOrIsRemoved) {
  db->put_suppression(a.id, suppression(Channel::email, "sara@test.no", 10, 0));
  db->put_suppression(a.id, suppression(Channel::sms, "+4790000000", 20, 100));
  db->put_suppression(a.id, suppression(Channel::email, "ola@test.no", 20, 0));
  db->put_suppression(b.id, suppression(Channel::email, "other@test.no", 30, 0));

  const auto found = db->find_suppressions({{a.id, Channel::email, "sara@test.no"},
                                            {a.id, Channel::sms, "+4790000000"},
                                            {a.id, Channel::sms, "sara@test.no"},
                                            {b.id, Channel::email, "sara@test.no"}},
                                           50);
  ASSERT_EQ(found.size(), 4u);
  ASSERT_TRUE(found[0]);
  EXPECT_EQ(found[0]->reason, "userunknown");
  EXPECT_EQ(found[0]->detail, "550 5.1.1");
  EXPECT_EQ(found[0]->source_message, "M1");
  EXPECT_EQ(found[0]->created_at, 10);
  ASSERT_TRUE(found[1]);
  EXPECT_EQ(found[1]->expires_at, 100);
  EXPECT_FALSE(found[2]);
  EXPECT_FALSE(found[3]);
  const auto twice = db->find_suppressions(
      {{a.id, Channel::email, "ola@test.no"}, {a.id, Channel::email, "ola@test.no"}}, 50);
  EXPECT_TRUE(twice.at(0) && twice.at(1));
  EXPECT_FALSE(db->find_suppressions({{a.id, Channel::sms, "+4790000000"}}, 100)[0]);

  std::vector<std::string> listed;
  for (const auto& s : db->list_suppressions(a.id, "", 50, 10, 0)) listed.push_back(s.address);
  EXPECT_EQ(listed, (std::vector<std::string>{"+4790000000", "ola@test.no", "sara@test.no"}));
  EXPECT_EQ(db->list_suppressions(a.id, "", 100, 10, 0).size(), 2u);  // the SMS one expired
  EXPECT_EQ(db->list_suppressions(a.id, "", 50, 1, 1)[0].address, "ola@test.no");
  EXPECT_EQ(db->list_suppressions(a.id, "sara@test.no", 50, 10, 0).size(), 1u);

  EXPECT_FALSE(db->remove_suppression(b.id, Channel::email, "sara@test.no"));
  EXPECT_TRUE(db->remove_suppression(a.id, Channel::email, "sara@test.no"));
  EXPECT_FALSE(db->remove_suppression(a.id, Channel::email, "sara@test.no"));
  EXPECT_FALSE(db->find_suppressions({{a.id, Channel::email, "sara@test.no"}}, 50)[0]);
}

}  // namespace

HERALD_ON_EVERY_BACKEND(CampaignSuppressionStorageTest);

}  // namespace herald::store
