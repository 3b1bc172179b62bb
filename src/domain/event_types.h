#pragma once
#include <array>
#include <string_view>

namespace herald::domain {

// The order events an OMS sends (contract §4).
inline constexpr std::array<std::string_view, 16> kOrderEventTypes{
    "ORDER_PLACED",       "BAG_CONFIRMED",
    "BAG_PICKED",         "DELIVERY_PARTNER_ASSIGNED",
    "OUT_FOR_DELIVERY",   "DELIVERY_DONE",
    "OUT_FOR_PICKUP",     "BAG_RETURN_INITIATED",
    "RETURN_APPROVED",    "RETURN_BAG_IN_TRANSIT",
    "RTO_BAG_IN_TRANSIT", "RTO_BAG_APPROVED",
    "CUSTOMER_CANCELLED", "FYND_CANCELLED",
    "REFUND_INITIATED",   "REFUND_COMPLETED",
};

inline bool is_order_event_type(std::string_view t) {
  for (auto known : kOrderEventTypes)
    if (known == t) return true;
  return false;
}

}  // namespace herald::domain
