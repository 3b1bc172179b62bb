#pragma once
// Decides which messages an order event produces: one per channel that has a template and an
// address, rendered now so the log holds exactly what will be sent. Every channel that gets
// no message is listed in `skipped` with the reason.
#include <string>
#include <vector>

#include "intake/event_request.h"
#include "store/records.h"

namespace herald::intake {

struct PlannerContext {
  const store::StoreRecord& store;
  const std::vector<store::TemplateRecord>& templates;  // every template for the event's type
  std::string from;                                     // sender address
  TimeMs now = 0;
};

store::NewEvent plan_event(const PlannerContext& ctx, const EventRequest& event);

// The variables a template sees: order, customer, data, store, event.
nlohmann::json template_vars(const store::StoreRecord& store, const nlohmann::json& body);

}  // namespace herald::intake
