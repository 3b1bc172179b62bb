#pragma once
// A write to one order that the order-status service has decided: storage records it as it is,
// provided the order has not moved on since the decision was made.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"

namespace herald::store {

using StoreId = std::int64_t;

// An order as it is stored, the input to a decision. Every recorded update moves `version` on.
struct CurrentOrderStatus {
  std::string type, code;
  TimeMs at = 0;
};
struct OrderState {
  bool exists = false;
  std::int64_t version = 0;
  std::string snapshot_json = "{}";
  std::vector<CurrentOrderStatus> current;  // one per status type that has one
};

struct NewStatusChange {
  std::string type, from_code, to_code;
  TimeMs at = 0;
  bool current = true;  // false: arrived late, kept in the history only (and never evaluated)
  std::string source;   // api | event
  std::string event_id;
  std::string context_json;  // the order's context (order, customer, data) at that change
};

struct OrderUpdate {
  StoreId store_id = 0;
  std::string order_id;
  std::int64_t expected_version = 0;  // the OrderState version decided on; 0: a new order
  std::string snapshot_json;          // the whole snapshot after the update
  std::optional<NewStatusChange> change;
};

}  // namespace herald::store
