#include "campaigns/campaign.h"

#include "common/error.h"
#include "common/json_read.h"
#include "orders/filter.h"
#include "orders/status_rules.h"

namespace herald::campaigns {

namespace {
using nlohmann::json;

std::optional<std::string> optional_code(const json& obj, const char* key,
                                         const std::string& field) {
  if (!obj.contains(key) || obj.at(key).is_null()) return std::nullopt;
  if (!obj.at(key).is_string() || !orders::valid_code(obj.at(key).get<std::string>()))
    throw bad_request(field + " must be a status code", field);
  return obj.at(key).get<std::string>();
}

Trigger parse_trigger(const json& body) {
  if (!body.contains("trigger") || !body.at("trigger").is_object())
    throw bad_request("trigger is required and must be an object", "trigger");
  const auto& t = body.at("trigger");
  if (t.value("type", json()).is_null() || t.at("type") != "order_status_changed")
    throw bad_request("trigger.type must be order_status_changed", "trigger.type");
  Trigger out;
  const json st = t.value("status_type", json());
  if (!st.is_string() || !orders::parse_status_kind(st.get<std::string>()))
    throw bad_request("trigger.status_type must be general, delivery or payment",
                      "trigger.status_type");
  out.status_type = st.get<std::string>();
  out.from = optional_code(t, "from", "trigger.from");
  out.to = optional_code(t, "to", "trigger.to");
  return out;
}

Action parse_action(const json& a, const std::string& path) {
  if (!a.is_object()) throw bad_request(path + " must be an object", path);
  Action out;
  const json type = a.value("type", json());
  if (type == "send_sms")
    out.channel = domain::Channel::sms;
  else if (type == "send_email")
    out.channel = domain::Channel::email;
  else
    throw bad_request(path + ".type must be send_sms or send_email", path + ".type");
  const json tmpl = a.value("template", json());
  if (!tmpl.is_string() || !orders::valid_code(tmpl.get<std::string>()))
    throw bad_request(path + ".template must name a template key", path + ".template");
  out.template_key = tmpl.get<std::string>();
  if (a.contains("delay_seconds") && !a.at("delay_seconds").is_null()) {
    const auto& d = a.at("delay_seconds");
    if (!d.is_number_integer() || d.get<long long>() < 0 || d.get<long long>() > kMaxDelaySeconds)
      throw bad_request(
          path + ".delay_seconds must be an integer from 0 to " + std::to_string(kMaxDelaySeconds),
          path + ".delay_seconds");
    out.delay_seconds = d.get<int>();
  }
  return out;
}
}  // namespace

Campaign parse_campaign(const json& body) {
  Campaign c;
  const json name = body.value("name", json());
  if (!name.is_string() || name.get<std::string>().empty() || name.get<std::string>().size() > 200)
    throw bad_request("name is required (1-200 characters)", "name");
  c.name = name.get<std::string>();
  c.trigger = parse_trigger(body);
  if (body.contains("filter") && !body.at("filter").is_null()) {
    orders::validate_filter(body.at("filter"));
    c.filter = body.at("filter");
  }
  const json actions = body.value("actions", json());
  if (!actions.is_array() || actions.empty() || actions.size() > 10)
    throw bad_request("actions must be a list of 1 to 10 actions", "actions");
  for (size_t i = 0; i < actions.size(); ++i)
    c.actions.push_back(parse_action(actions[i], "actions[" + std::to_string(i) + "]"));
  if (body.contains("active") && !body.at("active").is_null()) {
    if (!body.at("active").is_boolean())
      throw bad_request("active must be true or false", "active");
    c.active = body.at("active").get<bool>();
  }
  return c;
}

json to_json(const Campaign& c) {
  json trigger = {{"type", "order_status_changed"}, {"status_type", c.trigger.status_type}};
  trigger["from"] = c.trigger.from ? json(*c.trigger.from) : json(nullptr);
  trigger["to"] = c.trigger.to ? json(*c.trigger.to) : json(nullptr);
  json actions = json::array();
  for (const auto& a : c.actions)
    actions.push_back({{"type", a.channel == domain::Channel::sms ? "send_sms" : "send_email"},
                       {"template", a.template_key},
                       {"delay_seconds", a.delay_seconds}});
  json out = {{"name", c.name},
              {"trigger", trigger},
              {"filter", c.filter},
              {"actions", actions},
              {"active", c.active}};
  if (c.id) out["id"] = c.id;
  if (c.created_at) out["created_at"] = format_rfc3339(c.created_at);
  if (c.updated_at) out["updated_at"] = format_rfc3339(c.updated_at);
  return out;
}

Campaign campaign_from_json(const json& j) {
  Campaign c = parse_campaign(j);
  c.id = j.value("id", std::int64_t{0});
  return c;
}

Campaign campaign_from_stored(std::int64_t id, const std::string& spec_json) {
  const auto unreadable = [&](const std::string& why) {
    return Error(ErrorCode::internal,
                 "campaign " + std::to_string(id) +
                     " is stored in a form this version cannot read; replace it with PUT",
                 "campaign", "campaign " + std::to_string(id) + ": " + why);
  };
  const json j = read_json_or_discarded(spec_json);
  if (j.is_discarded())
    throw unreadable("the spec is not JSON or is nested deeper than " +
                     std::to_string(kMaxJsonDepth) + " levels");
  if (!j.is_object()) throw unreadable("the spec is not a JSON object");
  try {
    return campaign_from_json(j);
  } catch (const Error& e) {
    throw unreadable(e.field().empty() ? e.what() : e.field() + ": " + e.what());
  } catch (const json::exception& e) {
    throw unreadable(e.what());
  }
}

bool trigger_matches(const Trigger& t, const std::string& status_type, const std::string& from,
                     const std::string& to) {
  if (t.status_type != status_type) return false;
  if (t.from && *t.from != from) return false;
  if (t.to && *t.to != to) return false;
  return true;
}

}  // namespace herald::campaigns
