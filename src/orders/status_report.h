#pragma once
// GET /v1/reports/statuses: how many orders entered each analytics status in a period, and the
// median time between consecutive statuses of the same type.
#include <nlohmann/json.hpp>
#include <vector>

#include "store/order_storage.h"

namespace herald::orders {

// `changes`: every change (late ones included) of the orders with a change in [since, until],
// up to `until`, sorted by order, type, time. Only statuses defined with include_in_analytics
// count; a transition counts when its later status entered within the period.
nlohmann::json status_report(const std::vector<store::StatusChange>& changes,
                             const std::vector<store::OrderStatusDef>& defs, TimeMs since,
                             TimeMs until);

double median(std::vector<double> values);

}  // namespace herald::orders
