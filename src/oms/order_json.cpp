#include "oms/order_json.h"

#include <cmath>

#include "common/error.h"

namespace herald::oms {

namespace {
using nlohmann::json;

constexpr std::size_t kMaxText = 500;
constexpr std::size_t kMaxItems = 500;

std::string text(const json& obj, const char* key, const std::string& field, bool required) {
  if (!obj.contains(key) || obj.at(key).is_null()) {
    if (required) throw bad_request(field + " is required", field);
    return {};
  }
  if (!obj.at(key).is_string()) throw bad_request(field + " must be a string", field);
  auto v = obj.at(key).get<std::string>();
  if (required && v.empty()) throw bad_request(field + " must not be empty", field);
  if (v.size() > kMaxText)
    throw bad_request(field + " must be at most " + std::to_string(kMaxText) + " characters",
                      field);
  return v;
}

std::string payment(const json& body) {
  auto p = text(body, "payment", "payment", true);
  if (p != "prepaid" && p != "cod") throw bad_request("payment must be prepaid or cod", "payment");
  return p;
}

const json& items_array(const json& body) {
  if (!body.contains("items") || body.at("items").is_null())
    throw bad_request("items is required", "items");
  const auto& items = body.at("items");
  if (!items.is_array() || items.empty())
    throw bad_request("items must be a non-empty array", "items");
  if (items.size() > kMaxItems)
    throw bad_request("items must hold at most " + std::to_string(kMaxItems) + " items", "items");
  return items;
}

ItemQty item_qty(const json& item, const std::string& field) {
  if (!item.is_object()) throw bad_request(field + " must be an object", field);
  ItemQty out;
  out.sku = text(item, "sku", field + ".sku", true);
  const auto qty_field = field + ".qty";
  if (!item.contains("qty") || !item.at("qty").is_number_integer() ||
      item.at("qty").get<long long>() < 1 || item.at("qty").get<long long>() > 1000000)
    throw bad_request(qty_field + " must be an integer from 1 to 1000000", qty_field);
  out.qty = item.at("qty").get<std::int64_t>();
  return out;
}

json object_member(const json& body, const char* key, bool required) {
  if (!body.contains(key) || body.at(key).is_null()) {
    if (required) throw bad_request(std::string(key) + " is required", key);
    return json::object();
  }
  if (!body.at(key).is_object()) throw bad_request(std::string(key) + " must be an object", key);
  return body.at(key);
}
}  // namespace

void check_order_id(const std::string& order_id) {
  if (order_id.empty() || order_id.size() > 200)
    throw bad_request("order_id must be 1-200 characters", "order_id");
  for (unsigned char c : order_id)
    if (c < 0x20 || c == 0x7f)
      throw bad_request("order_id must not hold control characters", "order_id");
}

PlaceOrderRequest parse_order_request(const json& body) {
  if (!body.is_object()) throw bad_request("the body must be a JSON object", "body");
  PlaceOrderRequest r;
  r.order_id = text(body, "order_id", "order_id", true);
  check_order_id(r.order_id);
  r.payment = payment(body);
  const auto customer = object_member(body, "customer", true);
  r.customer.name = text(customer, "name", "customer.name", false);
  r.customer.email = text(customer, "email", "customer.email", false);
  r.customer.phone = text(customer, "phone", "customer.phone", false);
  r.address = object_member(body, "address", true);
  text(r.address, "pincode", "address.pincode", true);
  const auto& items = items_array(body);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto field = "items[" + std::to_string(i) + "]";
    const auto q = item_qty(items[i], field);
    OrderItem item{q.sku, q.qty, 0};
    if (items[i].contains("price") && !items[i].at("price").is_null()) {
      const auto& p = items[i].at("price");
      if (!p.is_number() || !std::isfinite(p.get<double>()) || p.get<double>() < 0)
        throw bad_request(field + ".price must be a number of at least 0", field + ".price");
      item.price = p.get<double>();
    }
    r.items.push_back(item);
  }
  return r;
}

json order_request_json(const PlaceOrderRequest& r) {
  json items = json::array();
  for (const auto& i : r.items)
    items.push_back({{"sku", i.sku}, {"qty", i.qty}, {"price", i.price}});
  return {{"order_id", r.order_id},
          {"payment", r.payment},
          {"customer",
           {{"name", r.customer.name}, {"email", r.customer.email}, {"phone", r.customer.phone}}},
          {"address", r.address},
          {"items", items}};
}

ServiceabilityRequest parse_serviceability_request(const json& body) {
  if (!body.is_object()) throw bad_request("the body must be a JSON object", "body");
  ServiceabilityRequest r;
  r.pincode = text(body, "pincode", "pincode", true);
  r.payment = payment(body);
  const auto& items = items_array(body);
  for (std::size_t i = 0; i < items.size(); ++i)
    r.items.push_back(item_qty(items[i], "items[" + std::to_string(i) + "]"));
  return r;
}

PaymentConfirmation parse_payment_confirmation(const json& body) {
  if (!body.is_object()) throw bad_request("the body must be a JSON object", "body");
  PaymentConfirmation p;
  p.status = text(body, "status", "status", true);
  if (p.status != "paid" && p.status != "failed")
    throw bad_request("status must be paid or failed", "status");
  p.gateway = text(body, "gateway", "gateway", false);
  p.reference = text(body, "reference", "reference", false);
  return p;
}

}  // namespace herald::oms
