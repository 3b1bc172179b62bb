#pragma once
// What an OMS event type means for an order's statuses (contract §7): stored per store as
// overrides of the defaults, so storage and the order-status rules share this one shape.
#include <string>

namespace herald::domain {

struct StatusMapping {
  std::string event_type;
  std::string status_type;  // general|delivery|payment; empty: the event changes no status
  std::string code;
};

}  // namespace herald::domain
