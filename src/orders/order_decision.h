#pragma once
// The order-status rules as pure functions over an order as stored: which status an event type
// means for a store, what a reported status does (late / same / changed), how the order's
// snapshot grows. No storage here; OrderStatusService reads, decides with these, and records.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "orders/status_rules.h"
#include "store/order_storage.h"

namespace herald::orders {

// A status reported for an order, by the API or by an order event.
struct StatusChangeRequest {
  store::StoreId store_id = 0;
  std::string order_id, type, code;
  TimeMs at = 0;
  std::string source = "api", event_id;
  nlohmann::json context_patch =
      nlohmann::json::object();  // order / customer / data for the snapshot
};

struct StatusChangeResult {
  ChangeOutcome outcome = ChangeOutcome::changed;
  std::int64_t change_id = 0;  // 0 when nothing was recorded (same)
  std::string from_code;
  std::string current_code;
};

// The store's override for the event type (an empty code: no status), else the default
// mapping, else the store's own status (the first defined) whose code is the event type.
std::optional<StatusMapping> resolve_mapping(const std::vector<StatusMapping>& overrides,
                                             const std::vector<store::OrderStatusDef>& statuses,
                                             const std::string& event_type);

// The order / customer / data objects of `patch` merged into `snapshot`; order.id is set.
nlohmann::json merge_snapshot(nlohmann::json snapshot, const nlohmann::json& patch,
                              const std::string& order_id);

// The order's current status of that type, if it has one.
std::optional<CurrentStatus> current_status(const store::OrderState& state,
                                            const std::string& type);

struct Decision {
  store::OrderUpdate update;
  StatusChangeResult result;  // change_id is known once the update is recorded
};

// What the reported status does to the order. `status_then` is the status current at r.at,
// read only for a late change (its "from").
Decision decide_change(const store::OrderState& state, const StatusChangeRequest& r,
                       const std::optional<CurrentStatus>& status_then);

// An order event that means no status: only the snapshot grows.
store::OrderUpdate decide_snapshot(const store::OrderState& state, store::StoreId store,
                                   const std::string& order_id, const nlohmann::json& patch);

// The order as it will be once `u` is recorded, to decide a later event of one batch on top.
store::OrderState after(store::OrderState state, const store::OrderUpdate& u);

}  // namespace herald::orders
