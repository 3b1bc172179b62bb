// An order event, a message request and a campaign action reach the same planner: the same
// template choice with locale fallback, the same address forms, the same rendering.
#include <gtest/gtest.h>

#include "campaigns/campaign_planner.h"
#include "common/error.h"
#include "intake/message_planner.h"
#include "intake/message_request.h"

namespace herald::intake {
namespace {

using domain::Channel;
using nlohmann::json;

struct OnePlannerTest : ::testing::Test {
  store::StoreRecord shop{
      7, "shop", "", {"Shop", "NO", "en", "owner@shop.no", true, true, 180, 400}, 0};
  std::vector<store::TemplateRecord> templates{
      {"OUT_FOR_DELIVERY", Channel::email, "nb", "Ordre {{order.id}} er sendt",
       "<p>Hei {{store.name}}</p>", "", "", 0},
      {"OUT_FOR_DELIVERY", Channel::email, "en", "Order {{order.id}} shipped", "<p>Hi</p>", "", "",
       0},
      {"OUT_FOR_DELIVERY", Channel::sms, "en", "", "", "", "{{store.name}}: {{order.id}} sendt",
       0}};
  const std::string from = "Shop <shop@example.com>";

  store::NewEvent from_event() {
    return plan_event({shop, templates, from, 1000},
                      parse_event(R"({"id":"e1","type":"OUT_FOR_DELIVERY","order":{"id":"O-1"},
                        "customer":{"email":"Sara@Test.no","phone":"900 00 000","locale":"nb-NO"}})",
                                  1000));
  }

  store::NewMessage from_request(Channel channel, const std::string& to) {
    MessageRequest r;
    r.type = "OUT_FOR_DELIVERY";
    r.channel = channel;
    r.to = {to};
    r.locale = "nb-NO";
    r.order_id = "O-1";
    return plan_message(shop, templates, r, from, 1000);
  }

  store::NewMessage from_action(Channel channel) {
    const json context = {
        {"order", {{"id", "O-1"}}},
        {"customer", {{"email", "Sara@Test.no"}, {"phone", "900 00 000"}, {"locale", "nb-NO"}}}};
    campaigns::Action action{channel, "OUT_FOR_DELIVERY", 0};
    auto planned = campaigns::plan_action({shop, templates, action, context, from, 1000, 3, 4});
    EXPECT_TRUE(planned.message) << planned.skip_reason;
    return planned.message.value_or(store::NewMessage{});
  }
};

TEST_F(OnePlannerTest, ThreeInputsOnePath) {
  auto event = from_event();
  ASSERT_EQ(event.messages.size(), 2u);
  const store::NewMessage emails[] = {
      event.messages[0], from_request(Channel::email, "Sara@Test.no"), from_action(Channel::email)};
  const store::NewMessage texts[] = {event.messages[1], from_request(Channel::sms, "900 00 000"),
                                     from_action(Channel::sms)};
  for (const auto& m : emails) {
    EXPECT_EQ(m.subject, "Ordre O-1 er sendt");  // nb-NO falls back to nb
    EXPECT_EQ(m.html, "<p>Hei Shop</p>");
    EXPECT_EQ(m.to, std::vector<std::string>{"Sara@Test.no"});
    EXPECT_EQ(m.search_addresses, std::vector<std::string>{"sara@test.no"});
    EXPECT_EQ(m.from, from);
    EXPECT_EQ(m.template_key, "OUT_FOR_DELIVERY");
    EXPECT_EQ(m.order_id, "O-1");
  }
  for (const auto& m : texts) {
    EXPECT_EQ(m.sms, "Shop: O-1 sendt");  // nb-NO and nb have none: the store's default, en
    EXPECT_EQ(m.to, std::vector<std::string>{"+4790000000"});
    EXPECT_EQ(m.search_addresses, std::vector<std::string>{"+4790000000"});
  }
  EXPECT_EQ(emails[2].campaign_id, 3);
  EXPECT_EQ(emails[2].status_change_id, 4);
  EXPECT_EQ(emails[0].event_id, "e1");
}

TEST_F(OnePlannerTest, SaysWhyInTheOrderOfItsChecks) {
  const json vars = template_vars(shop, json::object());
  MessageInput in;
  in.channel = Channel::sms;
  in.type = "OUT_FOR_DELIVERY";
  in.content.templates = &templates;
  in.content.vars = &vars;
  EXPECT_EQ(plan(shop, in, 1).skipped.reason, "no_phone");
  in.to = {"+4790000000", "12"};
  auto planned = plan(shop, in, 1);
  EXPECT_EQ(planned.skipped.reason, "invalid_phone");
  EXPECT_EQ(planned.skipped.detail, "12");
  EXPECT_EQ(planned.field, "to");
  in.to = {"+4790000000"};
  in.content.inline_template =
      store::TemplateRecord{"x", Channel::sms, "en", "", "", "", "{{#a}}", 0};
  EXPECT_EQ(plan(shop, in, 1).skipped.reason, "template_error");
  in.content.inline_template->sms = "{{missing}}";
  EXPECT_EQ(plan(shop, in, 1).skipped.reason, "empty_message");
  std::vector<store::TemplateRecord> none;
  in.content.inline_template.reset();
  in.content.templates = &none;
  in.to.clear();
  EXPECT_EQ(plan(shop, in, 1).skipped.reason, "no_template");  // before the missing address
}

TEST_F(OnePlannerTest, RenderedContentIsTakenAsItIs) {
  MessageInput in;
  in.channel = Channel::email;
  in.type = "welcome";
  in.content.rendered = render::Rendered{"Hi {{name}}", "<p>{{{raw}}}</p>", "", "", ""};
  in.to = {"a@b.no"};
  in.cc = {"C@B.no"};
  in.resent_from = "M1";
  auto planned = plan(shop, in, 1);
  ASSERT_TRUE(planned.message);
  EXPECT_EQ(planned.message->subject, "Hi {{name}}");
  EXPECT_EQ(planned.message->html, "<p>{{{raw}}}</p>");
  EXPECT_EQ(planned.message->search_addresses, (std::vector<std::string>{"a@b.no", "c@b.no"}));
  EXPECT_EQ(planned.message->template_key, "");
  EXPECT_EQ(planned.message->resent_from, "M1");
}

TEST_F(OnePlannerTest, ARequestThatCannotBeSentIsA400NamingTheField) {
  MessageRequest r;
  r.type = "OUT_FOR_DELIVERY";
  r.to = {"a@b.no"};
  r.cc = {"not-an-address"};
  try {
    plan_message(shop, templates, r, from, 1);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::bad_request);
    EXPECT_EQ(e.field(), "cc");
    EXPECT_EQ(std::string(e.what()), "cc: 'not-an-address' is not a valid email address");
  }
  r.cc.clear();
  r.reply_to = "not an address";
  try {
    plan_message(shop, templates, r, from, 1);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "reply_to");
    EXPECT_EQ(std::string(e.what()), "reply_to: 'not an address' is not a valid email address");
  }
  r.reply_to = "Support@Shop.no";
  EXPECT_EQ(plan_message(shop, templates, r, from, 1).reply_to, "Support@Shop.no");
  r.reply_to.clear();
  r.type = "unknown";
  try {
    plan_message(shop, {}, r, from, 1);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "type");
  }
}

}  // namespace
}  // namespace herald::intake
