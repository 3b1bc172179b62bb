// Order status pages through the router: the form, errors that name the field and keep what was
// typed, the list by type, deleting.
#include "ui/pages_fixture.h"

namespace herald::ui {
namespace {

bool has(const http::Response& r, const std::string& text) {
  return r.body().find(text) != std::string::npos;
}
std::string location(const http::Response& r) {
  return std::string(r[http::bhttp::field::location]);
}

TEST_F(PagesTest, AnOrderStatusIsCreatedEditedAndADuplicateCodeIsNamed) {
  auto created = post("/ui/order-statuses/new",
                      "name=Shipped&type=delivery&code=SHIPPED&include_in_analytics=on");
  ASSERT_EQ(created.result(), http::bhttp::status::see_other) << created.body();
  auto defs = opened.orders().list_order_statuses(shop.id);
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_TRUE(defs[0].include_in_analytics);
  const auto path = "/ui/order-statuses/" + std::to_string(defs[0].id);
  EXPECT_EQ(location(created), path + "?done=created");
  EXPECT_EQ(post(path, "name=Sent+off&type=delivery&code=SHIPPED").result(),
            http::bhttp::status::see_other);
  defs = opened.orders().list_order_statuses(shop.id);
  EXPECT_EQ(defs[0].name, "Sent off");
  EXPECT_FALSE(defs[0].include_in_analytics);

  auto dup = post("/ui/order-statuses/new", "name=Again&type=delivery&code=SHIPPED");
  EXPECT_EQ(dup.result(), http::bhttp::status::bad_request);
  EXPECT_TRUE(has(dup, "code: this store already has a delivery status with the code SHIPPED."));
  EXPECT_TRUE(has(dup, "value=\"Again\""));
  auto bad = post("/ui/order-statuses/new", "name=Bad&type=delivery&code=NOT+A+CODE");
  EXPECT_EQ(bad.result(), http::bhttp::status::bad_request);
  EXPECT_TRUE(has(bad, "code must be 1-100 letters"));
  EXPECT_TRUE(has(bad, "name=\"code\" value=\"NOT A CODE\" required aria-invalid=\"true\""));

  auto listed = get("/ui/order-statuses?type=delivery");
  EXPECT_TRUE(has(listed, "Sent off"));
  EXPECT_TRUE(has(get("/ui/order-statuses?type=payment"), "No order statuses defined"));
  EXPECT_EQ(get("/ui/order-statuses/abc").result(), http::bhttp::status::not_found);
  EXPECT_EQ(location(post(path + "/delete", "")), "/ui/order-statuses?done=deleted");
  EXPECT_TRUE(opened.orders().list_order_statuses(shop.id).empty());
}

}  // namespace
}  // namespace herald::ui
