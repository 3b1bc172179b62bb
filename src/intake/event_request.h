#pragma once
// An order event as received on POST /v1/events (contract §4), validated.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace herald::intake {

struct EventRequest {
  std::string id;
  std::string type;
  std::string order_id;
  TimeMs occurred_at = 0;
  std::string customer_id, email, phone, locale, cart_id;
  nlohmann::json body;  // the whole event: order, customer, data for the templates
};

inline constexpr size_t kMaxBodyBytes = 1024 * 1024;

// Throws herald::Error(bad_request) naming the field at fault.
// `is_custom_type` accepts a type that is not an OMS event type (a store's own status code).
EventRequest parse_event(std::string_view body, TimeMs received_at,
                         const std::function<bool(const std::string&)>& is_custom_type = {});

}  // namespace herald::intake
