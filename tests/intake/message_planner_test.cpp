#include "intake/message_planner.h"

#include <gtest/gtest.h>

namespace herald::intake {
namespace {

using domain::Channel;

struct PlannerTest : ::testing::Test {
  store::StoreRecord shop{
      7, "shop", "", {"Shop", "NO", "en", "owner@shop.no", true, true, 180, 400}, 0};
  std::vector<store::TemplateRecord> templates{
      {"OUT_FOR_DELIVERY", Channel::email, "nb", "Ordre {{order.number}} er på vei",
       "<p>Hei {{customer.name}}</p>", "Hei {{customer.name}}", "", 0},
      {"OUT_FOR_DELIVERY", Channel::sms, "en", "", "", "", "{{store.name}}: {{order.number}}", 0}};

  store::NewEvent plan(const std::string& customer) {
    auto e =
        parse_event(R"({"id":"e1","type":"OUT_FOR_DELIVERY","order":{"id":"O-1","number":"K-1"},
                             "customer":)" +
                        customer + "}",
                    1000);
    return plan_event({shop, templates, "Shop <shop@example.com>", 1000}, e);
  }
};

TEST_F(PlannerTest, RendersOneMessagePerChannel) {
  auto out = plan(
      R"({"id":"C-9","name":"Sara","email":"Sara@Test.no","phone":"900 00 000","locale":"nb-NO"})");
  ASSERT_EQ(out.messages.size(), 2u);
  EXPECT_TRUE(out.skipped.empty());
  const auto& mail = out.messages[0];
  EXPECT_EQ(mail.channel, Channel::email);
  EXPECT_EQ(mail.subject, "Ordre K-1 er på vei");
  EXPECT_EQ(mail.to, std::vector<std::string>{"Sara@Test.no"});
  EXPECT_EQ(mail.search_addresses, std::vector<std::string>{"sara@test.no"});
  EXPECT_EQ(mail.customer_id, "C-9");
  const auto& sms = out.messages[1];
  EXPECT_EQ(sms.to, std::vector<std::string>{"+4790000000"});
  EXPECT_EQ(sms.sms, "Shop: K-1");
  EXPECT_NE(mail.public_id, sms.public_id);
}

TEST_F(PlannerTest, SaysWhyAChannelGetsNoMessage) {
  auto out = plan(R"({"name":"Sara","locale":"nb"})");
  EXPECT_TRUE(out.messages.empty());
  ASSERT_EQ(out.skipped.size(), 2u);
  EXPECT_EQ(out.skipped[0].reason, "no_email");
  EXPECT_EQ(out.skipped[1].reason, "no_phone");

  out = plan(R"({"email":"not-an-address","phone":"12","locale":"nb"})");
  EXPECT_EQ(out.skipped[0].reason, "invalid_email");
  EXPECT_EQ(out.skipped[1].reason, "invalid_phone");
}

TEST_F(PlannerTest, NoTemplateForTheLocaleOrTheDefault) {
  templates.erase(templates.begin());
  auto out = plan(R"({"email":"sara@test.no","locale":"nb"})");
  ASSERT_EQ(out.skipped.size(), 2u);
  EXPECT_EQ(out.skipped[0].reason, "no_template");
  EXPECT_EQ(out.skipped[1].reason, "no_phone");
}

}  // namespace
}  // namespace herald::intake
