#include "orders/status_rules.h"

#include <regex>

#include "domain/event_types.h"

namespace herald::orders {

std::optional<StatusKind> parse_status_kind(const std::string& text) {
  if (text == "general") return StatusKind::general;
  if (text == "delivery") return StatusKind::delivery;
  if (text == "payment") return StatusKind::payment;
  return std::nullopt;
}

const char* to_string(StatusKind k) {
  switch (k) {
    case StatusKind::general:
      return "general";
    case StatusKind::delivery:
      return "delivery";
    case StatusKind::payment:
      return "payment";
  }
  return "general";
}

const char* to_string(ChangeOutcome o) {
  switch (o) {
    case ChangeOutcome::changed:
      return "changed";
    case ChangeOutcome::same:
      return "same";
    case ChangeOutcome::late:
      return "late";
  }
  return "changed";
}

ChangeOutcome classify_change(const std::optional<CurrentStatus>& current, const std::string& code,
                              TimeMs at) {
  if (!current) return ChangeOutcome::changed;
  if (at < current->at) return ChangeOutcome::late;
  if (code == current->code) return ChangeOutcome::same;
  return ChangeOutcome::changed;
}

std::optional<StatusMapping> default_mapping(const std::string& event_type) {
  static const char* kDelivery[] = {
      "DELIVERY_PARTNER_ASSIGNED", "OUT_FOR_DELIVERY",   "DELIVERY_DONE",   "OUT_FOR_PICKUP",
      "RETURN_BAG_IN_TRANSIT",     "RTO_BAG_IN_TRANSIT", "RTO_BAG_APPROVED"};
  static const char* kPayment[] = {"REFUND_INITIATED", "REFUND_COMPLETED"};
  if (!domain::is_order_event_type(event_type)) return std::nullopt;
  for (const char* t : kDelivery)
    if (event_type == t) return StatusMapping{event_type, "delivery", event_type};
  for (const char* t : kPayment)
    if (event_type == t) return StatusMapping{event_type, "payment", event_type};
  return StatusMapping{event_type, "general", event_type};
}

std::vector<StatusMapping> default_mappings() {
  std::vector<StatusMapping> out;
  for (const auto& t : domain::kOrderEventTypes)
    if (auto m = default_mapping(std::string(t))) out.push_back(*m);
  return out;
}

bool valid_code(const std::string& code) {
  static const std::regex kCode("[A-Za-z0-9_.-]{1,100}");
  return std::regex_match(code, kCode);
}

}  // namespace herald::orders
