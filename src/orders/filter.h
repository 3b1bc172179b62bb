#pragma once
// The campaign filter language: a small JSON tree of conditions on an order's context
// ({"order":…,"customer":…,"data":…,"status":…}).
//   {"all":[cond,…]}   every condition holds      {"any":[cond,…]}  at least one holds
//   {"not":cond}       the condition does not hold
//   {"field":"order.total","op":"gte","value":1000}
// ops: eq, ne (strings compare case-insensitively), gt, gte, lt, lte (numbers, or numeric
// strings), in (value is a list), contains (list member, or substring), prefix (string starts
// with, case-insensitive), exists (value true or false; "" and null count as absent).
// An absent or empty filter ({}) matches every order.
#include <nlohmann/json.hpp>
#include <string>

namespace herald::orders {

// Throws herald::Error(bad_request) whose field is the path at fault, e.g. "filter.all[1].op",
// also when all/any/not nest deeper than kMaxJsonDepth.
void validate_filter(const nlohmann::json& filter, const std::string& path = "filter");

// Throws herald::Error(bad_request) for a filter nested deeper than kMaxJsonDepth.
bool filter_matches(const nlohmann::json& filter, const nlohmann::json& context);

}  // namespace herald::orders
