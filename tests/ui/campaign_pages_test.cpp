// Campaign pages through the router: forms that save, errors that name the field and keep what
// was typed, switching a campaign on and off, and the dry run.
#include "campaigns/campaign_service.h"
#include "common/error.h"
#include "orders/order_status_service.h"
#include "ui/campaign_form.h"
#include "ui/pages_fixture.h"

namespace herald::ui {
namespace {

bool has(const http::Response& r, const std::string& text) {
  return r.body().find(text) != std::string::npos;
}
std::string location(const http::Response& r) {
  return std::string(r[http::bhttp::field::location]);
}

constexpr const char* kCampaignForm =
    "name=Shipped+SMS&status_type=delivery&from=AT_PICKUP&to=SHIPPED&filter=&active=on"
    "&action_type_0=send_sms&action_template_0=SHIPPED_SMS&action_delay_0=60";

TEST(CampaignForm, TurnsTheFieldsIntoTheApiCampaignAndBack) {
  std::map<std::string, std::string> f{
      {"name", "Cod"},
      {"status_type", "payment"},
      {"to", "PAID"},
      {"filter", R"({"field":"order.payment","op":"eq","value":"cod"})"},
      {"action_type_0", "send_email"},
      {"action_template_0", "THANKS"},
      {"action_template_1", ""},
      {"action_type_2", "send_sms"},
      {"action_template_2", "THANKS_SMS"},
      {"action_delay_2", "3600"}};
  auto c = campaign_from_form(f);
  EXPECT_EQ(c.name, "Cod");
  EXPECT_FALSE(c.active);  // the checkbox was not sent
  EXPECT_FALSE(c.trigger.from.has_value());
  EXPECT_EQ(c.trigger.to, "PAID");
  ASSERT_EQ(c.actions.size(), 2u);  // the row without a template is left out
  EXPECT_EQ(c.actions[1].delay_seconds, 3600);
  EXPECT_EQ(c.filter["op"], "eq");
  auto back = form_of(c);
  EXPECT_EQ(back["action_template_1"], "THANKS_SMS");
  EXPECT_EQ(back["from"], "");
}

TEST(CampaignForm, ErrorsNameTheFieldOfTheForm) {
  EXPECT_EQ(form_field_of("actions[2].delay_seconds"), "action_delay_2");
  EXPECT_EQ(form_field_of("actions[0]"), "action_template_0");
  EXPECT_EQ(form_field_of("actions"), "action_template_0");
  EXPECT_EQ(form_field_of("trigger.from"), "from");
  EXPECT_EQ(form_field_of("trigger.status_type"), "status_type");
  EXPECT_EQ(form_field_of("filter.all[1].op"), "filter");
  EXPECT_EQ(form_field_of("name"), "name");
  try {
    campaign_from_form({{"name", "x"},
                        {"status_type", "delivery"},
                        {"action_type_0", "send_sms"},
                        {"action_template_0", "T"},
                        {"action_delay_0", "soon"}});
    FAIL() << "a delay in words was taken";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "actions[0].delay_seconds");
  }
  try {
    campaign_from_form({{"name", "x"},
                        {"status_type", "delivery"},
                        {"filter", "{nope"},
                        {"action_template_0", "T"}});
    FAIL() << "a filter that is not JSON was taken";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "filter");
  }
}

TEST_F(PagesTest, ACampaignIsCreatedEditedAndSwitchedOffWithTheForms) {
  auto created = post("/ui/campaigns/new", kCampaignForm);
  ASSERT_EQ(created.result(), http::bhttp::status::see_other) << created.body();
  campaigns::CampaignService service(opened.orders());
  auto list = service.list(shop.id);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(location(created), "/ui/campaigns/" + std::to_string(list[0].id) + "?done=created");
  EXPECT_TRUE(list[0].active);
  EXPECT_EQ(list[0].actions[0].delay_seconds, 60);

  const auto path = "/ui/campaigns/" + std::to_string(list[0].id);
  auto page = get(path + "?done=created");
  ASSERT_EQ(page.result(), http::bhttp::status::ok);
  EXPECT_TRUE(has(page, "Campaign created."));
  EXPECT_TRUE(has(page, "value=\"SHIPPED_SMS\""));
  EXPECT_TRUE(has(page, ">Deactivate</button>"));

  auto saved = post(path, std::string(kCampaignForm) +
                              "&action_type_1=send_email&action_template_1=SHIPPED_MAIL");
  EXPECT_EQ(saved.result(), http::bhttp::status::see_other);
  EXPECT_EQ(service.get(shop.id, list[0].id)->actions.size(), 2u);

  auto off = post(path + "/deactivate", "");
  EXPECT_EQ(location(off), path + "?done=deactivated");
  EXPECT_FALSE(service.get(shop.id, list[0].id)->active);
  auto listed = get("/ui/campaigns");
  EXPECT_TRUE(has(listed, "Shipped SMS"));
  EXPECT_TRUE(has(listed, "inactive"));
  EXPECT_TRUE(has(listed, ">Activate</button>"));
  post(path + "/activate", "back=list");
  EXPECT_TRUE(service.get(shop.id, list[0].id)->active);
}

TEST_F(PagesTest, ABadCampaignFieldIsNamedAndTheEnteredValuesStay) {
  auto r = post("/ui/campaigns/new",
                "name=Late+SMS&status_type=delivery&to=SHIPPED&action_type_0=send_sms"
                "&action_template_0=LATE&action_delay_0=99999999");
  EXPECT_EQ(r.result(), http::bhttp::status::bad_request);
  EXPECT_TRUE(has(r, "actions[0].delay_seconds must be an integer from 0 to 7776000"));
  EXPECT_TRUE(has(r,
                  "name=\"action_delay_0\" value=\"99999999\" inputmode=\"numeric\" size=\"9\" "
                  "aria-invalid=\"true\""));
  EXPECT_TRUE(has(r, "value=\"Late SMS\""));
  EXPECT_TRUE(has(r, "value=\"SHIPPED\""));
  EXPECT_TRUE(campaigns::CampaignService(opened.orders()).list(shop.id).empty());

  auto bad_filter = post("/ui/campaigns/new",
                         "name=F&status_type=delivery&action_template_0=T&filter=%7B%22field%22%3A"
                         "%22order.total%22%2C%22op%22%3A%22bigger%22%2C%22value%22%3A1%7D");
  EXPECT_EQ(bad_filter.result(), http::bhttp::status::bad_request);
  EXPECT_TRUE(has(bad_filter, "filter.op"));
  EXPECT_TRUE(has(bad_filter, "name=\"filter\" placeholder="));
  EXPECT_TRUE(has(bad_filter, "aria-invalid=\"true\">{&quot;field&quot;:&quot;order.total&quot;"));
}

TEST_F(PagesTest, TheDryRunListsWhoWouldReceiveTheCampaignAndSendsNothing) {
  orders::OrderStatusService statuses(opened.orders());
  for (const auto& [order, phone] : std::vector<std::pair<std::string, std::string>>{
           {"ORD-1", "+47 900 00 001"}, {"ORD-2", ""}}) {
    orders::StatusChangeRequest change;
    change.store_id = shop.id;
    change.order_id = order;
    change.type = "delivery";
    change.code = "AT_PICKUP";
    change.at = clock.now_ms();
    change.context_patch = {{"order", {{"id", order}}},
                            {"customer", {{"id", "C-" + order}, {"phone", phone}}}};
    statuses.record_change(change, clock.now_ms());
  }
  auto created = post("/ui/campaigns/new", kCampaignForm);
  const auto path = location(created).substr(0, location(created).find('?'));
  auto r = get(path + "/dry-run");
  ASSERT_EQ(r.result(), http::bhttp::status::ok) << r.body();
  EXPECT_TRUE(has(r, "2 order(s) evaluated: 1 message(s) would be sent, 1 skipped."));
  EXPECT_TRUE(has(r, "+4790000001"));
  EXPECT_TRUE(has(r, "<code>no_phone</code>"));
  auto one = get(path + "/dry-run?order=ORD-1");
  EXPECT_TRUE(has(one, "1 order(s) evaluated: 1 message(s) would be sent, 0 skipped."));
  auto unknown = get(path + "/dry-run?order=ORD-404");
  EXPECT_EQ(unknown.result(), http::bhttp::status::bad_request);
  EXPECT_TRUE(has(unknown, "Order id: no order "));
  EXPECT_TRUE(has(unknown, "name=\"order\" value=\"ORD-404\" aria-invalid=\"true\""));
  auto bad_limit = get(path + "/dry-run?limit=0");
  EXPECT_EQ(bad_limit.result(), http::bhttp::status::bad_request);
  EXPECT_TRUE(has(bad_limit, "Latest orders must be a number from 1 to 1000."));
  store::MessageQuery everything;
  EXPECT_TRUE(storage->find_messages(shop.id, everything).empty());
}

}  // namespace
}  // namespace herald::ui
