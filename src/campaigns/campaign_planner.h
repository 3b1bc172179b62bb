#pragma once
// Turns a campaign action and an order's context into the message for its customer.
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "campaigns/campaign.h"
#include "store/records.h"

namespace herald::campaigns {

struct Planned {
  std::optional<store::NewMessage> message;
  std::string skip_reason;  // no_template, no_phone, invalid_phone, no_email, ... when no message
};

struct PlanInput {
  const store::StoreRecord& store;
  const std::vector<store::TemplateRecord>& templates;  // every template for the action's key
  const Action& action;
  const nlohmann::json& context;  // order, customer, data, status
  std::string from;
  TimeMs now = 0;
  std::int64_t campaign_id = 0, status_change_id = 0;
};

Planned plan_action(const PlanInput& in);

// The customer's address for a channel (E.164 phone, or email as given), empty with the reason
// when there is none or it is not valid.
std::pair<std::string, std::string> recipient_of(const store::StoreRecord& store,
                                                 domain::Channel channel,
                                                 const nlohmann::json& context);

}  // namespace herald::campaigns
