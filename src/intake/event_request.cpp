#include "intake/event_request.h"

#include "common/error.h"
#include "common/json_read.h"
#include "domain/event_types.h"

namespace herald::intake {

namespace {
using nlohmann::json;

// An identifier may arrive as a string or a number; it is kept as text.
std::string id_text(const json& j, const std::string& field, bool required) {
  if (j.is_null()) {
    if (required) throw bad_request(field + " is required", field);
    return {};
  }
  std::string out;
  if (j.is_string())
    out = j.get<std::string>();
  else if (j.is_number_integer())
    out = j.dump();
  else
    throw bad_request(field + " must be a string", field);
  if (required && out.empty()) throw bad_request(field + " must not be empty", field);
  if (out.size() > 200) throw bad_request(field + " is longer than 200 characters", field);
  return out;
}

std::string optional_string(const json& obj, const char* key, const std::string& field) {
  if (!obj.is_object() || !obj.contains(key) || obj.at(key).is_null()) return {};
  if (!obj.at(key).is_string()) throw bad_request(field + " must be a string", field);
  return obj.at(key).get<std::string>();
}

const json& member(const json& obj, const char* key) {
  static const json kNull;
  return obj.contains(key) ? obj.at(key) : kNull;
}

void expect_object_or_null(const json& j, const std::string& field) {
  if (!j.is_null() && !j.is_object()) throw bad_request(field + " must be an object", field);
}
}  // namespace

EventRequest parse_event(std::string_view body, TimeMs received_at,
                         const std::function<bool(const std::string&)>& is_custom_type) {
  if (body.size() > kMaxBodyBytes)
    throw Error(ErrorCode::payload_too_large, "the body is larger than 1 MiB", "body");
  EventRequest e;
  e.body = read_json(body);
  if (!e.body.is_object()) throw bad_request("the body must be a JSON object", "body");

  e.id = id_text(member(e.body, "id"), "id", true);
  const json& type = member(e.body, "type");
  if (type.is_null()) throw bad_request("type is required", "type");
  if (!type.is_string()) throw bad_request("type must be a string", "type");
  e.type = type.get<std::string>();
  if (!domain::is_order_event_type(e.type) && !(is_custom_type && is_custom_type(e.type)))
    throw bad_request("unknown event type '" + e.type + "'", "type");

  const json& order = member(e.body, "order");
  if (order.is_null()) throw bad_request("order.id is required", "order.id");
  expect_object_or_null(order, "order");
  e.order_id = id_text(member(order, "id"), "order.id", true);

  e.occurred_at = received_at;
  const json& occurred = member(e.body, "occurred_at");
  if (!occurred.is_null()) {
    if (!occurred.is_string())
      throw bad_request("occurred_at must be an RFC 3339 time", "occurred_at");
    e.occurred_at = parse_happened_at(occurred.get<std::string>(), "occurred_at", received_at);
  }

  const json& customer = member(e.body, "customer");
  expect_object_or_null(customer, "customer");
  expect_object_or_null(member(e.body, "data"), "data");
  if (customer.is_object()) {
    e.customer_id = id_text(member(customer, "id"), "customer.id", false);
    e.email = optional_string(customer, "email", "customer.email");
    e.phone = optional_string(customer, "phone", "customer.phone");
    e.locale = optional_string(customer, "locale", "customer.locale");
  }
  e.cart_id = id_text(member(e.body, "cart_id"), "cart_id", false);
  return e;
}

}  // namespace herald::intake
