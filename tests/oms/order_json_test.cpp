// The storefront's order, serviceability and payment bodies: what is required, and errors that
// name the field at fault; an order read back from what was stored is the order pushed.
#include "oms/order_json.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace herald::oms {
namespace {

using nlohmann::json;

json good_order() {
  return json::parse(R"({"order_id":"KRT-1","payment":"prepaid",
    "customer":{"name":"Sara","email":"sara@test.no","phone":"+4790000000"},
    "address":{"line1":"Storgata 1","pincode":"560001"},
    "items":[{"sku":"TS-M","qty":2,"price":499.5}]})");
}

std::string field_of(const std::function<void()>& parse) {
  try {
    parse();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::bad_request);
    return e.field();
  }
  return "(accepted)";
}

TEST(OrderJson, AnOrderReadBackFromItsStoredJsonIsTheSameOrder) {
  const auto r = parse_order_request(good_order());
  EXPECT_EQ(r.order_id, "KRT-1");
  EXPECT_EQ(r.payment, "prepaid");
  EXPECT_EQ(r.customer.email, "sara@test.no");
  EXPECT_EQ(r.address["line1"], "Storgata 1");
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].qty, 2);
  EXPECT_DOUBLE_EQ(r.items[0].price, 499.5);
  EXPECT_EQ(order_request_json(parse_order_request(order_request_json(r))), order_request_json(r));
}

TEST(OrderJson, EachBadOrderFieldIsNamed) {
  const std::vector<std::pair<std::function<void(json&)>, std::string>> cases = {
      {[](json& b) { b.erase("order_id"); }, "order_id"},
      {[](json& b) { b["order_id"] = std::string(201, 'x'); }, "order_id"},
      {[](json& b) { b["order_id"] = "a\nb"; }, "order_id"},
      {[](json& b) { b["payment"] = "card"; }, "payment"},
      {[](json& b) { b.erase("customer"); }, "customer"},
      {[](json& b) { b["customer"]["email"] = 7; }, "customer.email"},
      {[](json& b) { b["address"] = "Storgata 1"; }, "address"},
      {[](json& b) { b["address"].erase("pincode"); }, "address.pincode"},
      {[](json& b) { b["items"] = json::array(); }, "items"},
      {[](json& b) {
         b["items"].push_back({{"sku", "TS-L"}, {"qty", 0}});
       },
       "items[1].qty"},
      {[](json& b) { b["items"][0]["sku"] = ""; }, "items[0].sku"},
      {[](json& b) { b["items"][0]["price"] = -1; }, "items[0].price"},
  };
  for (const auto& [spoil, field] : cases) {
    auto body = good_order();
    spoil(body);
    EXPECT_EQ(field_of([&] { parse_order_request(body); }), field) << body.dump();
  }
}

TEST(OrderJson, ServiceabilityAndPaymentBodiesNameTheirFields) {
  auto s = json::parse(R"({"pincode":"560001","payment":"cod","items":[{"sku":"A","qty":1}]})");
  EXPECT_EQ(parse_serviceability_request(s).items.at(0).sku, "A");
  s["pincode"] = "";
  EXPECT_EQ(field_of([&] { parse_serviceability_request(s); }), "pincode");
  s["pincode"] = "560001";
  s["items"][0].erase("qty");
  EXPECT_EQ(field_of([&] { parse_serviceability_request(s); }), "items[0].qty");

  auto p = json::parse(R"({"status":"paid","gateway":"razorpay","reference":"pay_1"})");
  EXPECT_EQ(parse_payment_confirmation(p).gateway, "razorpay");
  p["status"] = "pending";
  EXPECT_EQ(field_of([&] { parse_payment_confirmation(p); }), "status");
}

}  // namespace
}  // namespace herald::oms
