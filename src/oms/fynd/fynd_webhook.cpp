#include "oms/fynd/fynd_webhook.h"

#include <map>

#include "common/ascii.h"
#include "common/error.h"
#include "common/ids.h"
#include "common/json_read.h"
#include "domain/event_types.h"

namespace herald::oms::fynd {

namespace {
using nlohmann::json;

const std::map<std::string, std::string>& status_map() {
  static const std::map<std::string, std::string> kMap = {
      {"placed", "ORDER_PLACED"},
      {"bag_confirmed", "BAG_CONFIRMED"},
      {"dp_assigned", "DELIVERY_PARTNER_ASSIGNED"},
      {"bag_picked", "BAG_PICKED"},
      {"out_for_delivery", "OUT_FOR_DELIVERY"},
      {"delivery_done", "DELIVERY_DONE"},
      {"out_for_pickup", "OUT_FOR_PICKUP"},
      {"return_dp_out_for_pickup", "OUT_FOR_PICKUP"},
      {"return_initiated", "BAG_RETURN_INITIATED"},
      {"return_accepted", "RETURN_APPROVED"},
      {"return_bag_in_transit", "RETURN_BAG_IN_TRANSIT"},
      {"rto_bag_in_transit", "RTO_BAG_IN_TRANSIT"},
      {"rto_in_transit", "RTO_BAG_IN_TRANSIT"},
      {"rto_bag_accepted", "RTO_BAG_APPROVED"},
      {"cancelled_customer", "CUSTOMER_CANCELLED"},
      {"cancelled_fynd", "FYND_CANCELLED"},
      {"refund_initiated", "REFUND_INITIATED"},
      {"refund_completed", "REFUND_COMPLETED"},
  };
  return kMap;
}

const json& member(const json& j, const char* key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

// A string or number member as text; "" when missing. Throws naming `field` for another type.
std::string text(const json& j, const char* key, const std::string& field) {
  const json& v = member(j, key);
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  throw bad_request(field + " must be a string", field);
}

std::string required(const json& j, const char* key, const std::string& field) {
  auto v = text(j, key, field);
  if (v.empty()) throw bad_request(field + " is required", field);
  return v;
}

const json& object(const json& j, const char* key, const std::string& field) {
  const json& v = member(j, key);
  if (!v.is_object()) throw bad_request(field + " must be an object", field);
  return v;
}

// created_timestamp is in seconds; a value that can only be milliseconds is read as such.
TimeMs time_of(const json& event) {
  const json& v = member(event, "created_timestamp");
  if (!v.is_number()) return 0;
  const double t = v.get<double>();
  if (t <= 0) return 0;
  return static_cast<TimeMs>(t > 1e11 ? t : t * 1000);
}

bool signed_by(const std::string& raw, const std::string& signature, const std::string& secret) {
  if (secret.empty() || signature.empty()) return false;
  return constant_time_equal(hmac_sha256_hex(secret, raw), ascii_lower(signature));
}

WebhookEvent read(const std::string& raw) {
  const json body = read_json(raw, "body");
  if (!body.is_object()) throw bad_request("the body must be a JSON object", "body");
  const json& event = object(body, "event", "event");
  const json& shipment = object(object(body, "payload", "payload"), "shipment", "payload.shipment");
  WebhookEvent w;
  w.event_id = required(event, "id", "event.id");
  w.order_id = required(shipment, "order_id", "payload.shipment.order_id");
  w.shipment_id = text(shipment, "shipment_id", "payload.shipment.shipment_id");
  w.status = required(shipment, "status", "payload.shipment.status");
  w.event_type = event_type_of(w.status);
  w.at = time_of(event);

  json order = {{"id", w.order_id}};
  const auto number = text(shipment, "affiliate_order_id", "payload.shipment.affiliate_order_id");
  if (!number.empty()) order["number"] = number;
  const auto payment = text(shipment, "payment_mode", "payload.shipment.payment_mode");
  if (!payment.empty()) order["payment"] = ascii_lower(payment);
  json bags = json::array();
  const json& in_bags = member(shipment, "bags");
  if (in_bags.is_array())
    for (const auto& b : in_bags) {
      if (!b.is_object()) continue;
      json bag = json::object();
      if (b.contains("bag_id")) bag["id"] = b["bag_id"];
      for (const char* k : {"sku", "name", "qty"})
        if (b.contains(k)) bag[k] = b[k];
      bags.push_back(std::move(bag));
    }
  order["bags"] = std::move(bags);
  w.event = {{"id", w.event_id}, {"order", std::move(order)}};
  if (w.at > 0) w.event["occurred_at"] = format_rfc3339(w.at);
  const json& user = member(shipment, "user");
  if (user.is_object()) {
    json customer = json::object();
    for (const char* k : {"id", "name", "email"})
      if (user.contains(k) && !user[k].is_null()) customer[k] = user[k];
    if (user.contains("mobile") && !user["mobile"].is_null()) customer["phone"] = user["mobile"];
    w.event["customer"] = std::move(customer);
  }
  json data = {{"oms_status", w.status}};
  if (!w.shipment_id.empty()) data["shipment_id"] = w.shipment_id;
  const auto tracking = text(shipment, "tracking_url", "payload.shipment.tracking_url");
  if (!tracking.empty()) data["tracking_url"] = tracking;
  w.event["data"] = std::move(data);
  return w;
}
}  // namespace

std::string event_type_of(const std::string& status) {
  const auto& m = status_map();
  if (auto it = m.find(status); it != m.end()) return it->second;
  if (domain::is_order_event_type(status)) return status;
  return {};
}

const WebhookReader& webhook_reader() {
  static const WebhookReader kReader{"x-fp-signature", &signed_by, &read};
  return kReader;
}

}  // namespace herald::oms::fynd
