#pragma once
// A campaign (contract §7): when an order's status of one type changes (optionally from one code,
// to one code), every action is sent to the customer whose order matches the filter.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/message.h"

namespace herald::campaigns {

struct Trigger {
  std::string status_type;          // general|delivery|payment
  std::optional<std::string> from;  // absent: from any status (or none)
  std::optional<std::string> to;    // absent: to any status
};

struct Action {
  domain::Channel channel = domain::Channel::sms;  // send_sms | send_email
  std::string template_key;
  int delay_seconds = 0;
};

struct Campaign {
  std::int64_t id = 0;
  std::string name;
  Trigger trigger;
  nlohmann::json filter = nlohmann::json::object();
  std::vector<Action> actions;
  bool active = true;
  TimeMs created_at = 0, updated_at = 0;
};

inline constexpr int kMaxDelaySeconds = 90 * 24 * 3600;

// Validates a POST/PUT body; throws herald::Error(bad_request) naming the field at fault.
Campaign parse_campaign(const nlohmann::json& body);

nlohmann::json to_json(const Campaign& c);
// Reads back what to_json wrote (the stored form).
Campaign campaign_from_json(const nlohmann::json& j);
// Reads the stored spec (text) of campaign `id`; throws Error(internal) whose field is
// "campaign", whose message names it and whose detail says why, when it is not JSON, is deeper than
// kMaxJsonDepth or is not a campaign this version accepts (an older version, or a hand, wrote it).
Campaign campaign_from_stored(std::int64_t id, const std::string& spec_json);

bool trigger_matches(const Trigger& t, const std::string& status_type, const std::string& from,
                     const std::string& to);

}  // namespace herald::campaigns
