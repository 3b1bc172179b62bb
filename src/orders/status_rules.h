#pragma once
// Order status history rules and the mapping from OMS event types to statuses (contract §7).
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/order_status.h"

namespace herald::orders {

enum class StatusKind { general, delivery, payment };
std::optional<StatusKind> parse_status_kind(const std::string& text);
const char* to_string(StatusKind k);

// What a reported status does to an order's current status of that type:
//  changed - it becomes current (no current yet, or a different code at the same time or later);
//  same    - the current code again: not a change, nothing is recorded;
//  late    - older than the current one: kept in the history, but not current, triggers nothing.
enum class ChangeOutcome { changed, same, late };
const char* to_string(ChangeOutcome o);

struct CurrentStatus {
  std::string code;
  TimeMs at = 0;
};
ChangeOutcome classify_change(const std::optional<CurrentStatus>& current, const std::string& code,
                              TimeMs at);

// The status an OMS event type means when the store has not mapped it otherwise.
using StatusMapping = domain::StatusMapping;
std::optional<StatusMapping> default_mapping(const std::string& event_type);
std::vector<StatusMapping> default_mappings();

// Status codes and order ids: 1-100 letters, digits, '_', '-' or '.'.
bool valid_code(const std::string& code);

}  // namespace herald::orders
