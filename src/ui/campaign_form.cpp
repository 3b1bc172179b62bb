#include "ui/campaign_form.h"

#include <regex>

#include "common/error.h"
#include "common/json_read.h"

namespace herald::ui {

namespace {
using nlohmann::json;

std::string value_of(const std::map<std::string, std::string>& form, const std::string& key) {
  auto it = form.find(key);
  return it == form.end() ? "" : it->second;
}

json options(const std::vector<std::string>& values, const std::string& selected) {
  json out = json::array();
  for (const auto& v : values) out.push_back({{"value", v}, {"selected", v == selected}});
  return out;
}

// A delay the API will read as an integer when it is one, else as the text it is (refused).
json delay_value(const std::string& text) {
  if (text.empty()) return 0;
  static const std::regex kDigits("[0-9]{1,9}");
  if (std::regex_match(text, kDigits)) return std::stoll(text);
  return text;
}
}  // namespace

campaigns::Campaign campaign_from_form(const std::map<std::string, std::string>& form) {
  json body = {{"name", value_of(form, "name")}, {"active", value_of(form, "active") == "on"}};
  json trigger = {{"type", "order_status_changed"}, {"status_type", value_of(form, "status_type")}};
  for (const char* key : {"from", "to"})
    if (!value_of(form, key).empty()) trigger[key] = value_of(form, key);
  body["trigger"] = trigger;
  const auto filter_text = value_of(form, "filter");
  if (filter_text.find_first_not_of(" \t\r\n") != std::string::npos) {
    auto filter = read_json_or_discarded(filter_text);
    if (filter.is_discarded())
      throw bad_request(
          "filter is not JSON (or nests deeper than " + std::to_string(kMaxJsonDepth) + " levels)",
          "filter");
    body["filter"] = filter;
  }
  body["actions"] = json::array();
  for (int i = 0; i < kCampaignFormActions; ++i) {
    const auto n = std::to_string(i);
    const auto tmpl = value_of(form, "action_template_" + n);
    if (tmpl.empty()) continue;
    body["actions"].push_back(
        {{"type", value_of(form, "action_type_" + n)},
         {"template", tmpl},
         {"delay_seconds", delay_value(value_of(form, "action_delay_" + n))}});
  }
  return campaigns::parse_campaign(body);
}

std::map<std::string, std::string> form_of(const campaigns::Campaign& c) {
  std::map<std::string, std::string> f{{"name", c.name},
                                       {"status_type", c.trigger.status_type},
                                       {"from", c.trigger.from.value_or("")},
                                       {"to", c.trigger.to.value_or("")},
                                       {"filter", c.filter.empty() ? "" : c.filter.dump(2)},
                                       {"active", c.active ? "on" : ""}};
  for (size_t i = 0; i < c.actions.size(); ++i) {
    const auto n = std::to_string(i);
    const auto& a = c.actions[i];
    f["action_type_" + n] = a.channel == domain::Channel::sms ? "send_sms" : "send_email";
    f["action_template_" + n] = a.template_key;
    f["action_delay_" + n] = std::to_string(a.delay_seconds);
  }
  return f;
}

json campaign_form_values(const std::map<std::string, std::string>& form) {
  json v = {
      {"name", value_of(form, "name")},
      {"status_types", options({"general", "delivery", "payment"}, value_of(form, "status_type"))},
      {"from", value_of(form, "from")},
      {"to", value_of(form, "to")},
      {"filter", value_of(form, "filter")},
      {"active", value_of(form, "active") == "on"},
      {"actions", json::array()}};
  // The rows that hold something, then one empty row to add an action.
  int last = -1;
  for (int i = 0; i < kCampaignFormActions; ++i) {
    const auto n = std::to_string(i);
    if (!value_of(form, "action_template_" + n).empty() ||
        !value_of(form, "action_delay_" + n).empty())
      last = i;
  }
  const int rows = std::min(kCampaignFormActions, last + 2);
  for (int i = 0; i < rows; ++i) {
    const auto n = std::to_string(i);
    v["actions"].push_back(
        {{"i", i},
         {"number", i + 1},
         {"types", options({"send_sms", "send_email"}, value_of(form, "action_type_" + n))},
         {"template", value_of(form, "action_template_" + n)},
         {"delay", value_of(form, "action_delay_" + n)}});
  }
  return v;
}

std::string form_field_of(const std::string& api_field) {
  static const std::regex kAction(R"(actions\[(\d+)\](?:\.(type|template|delay_seconds))?.*)");
  std::smatch m;
  if (std::regex_match(api_field, m, kAction)) {
    const std::string part = m[2].matched ? m[2].str() : "template";
    return "action_" + std::string(part == "delay_seconds" ? "delay" : part) + "_" + m[1].str();
  }
  if (api_field == "actions") return "action_template_0";
  if (api_field.rfind("trigger.", 0) == 0) {
    const auto rest = api_field.substr(8);
    return rest == "type" ? "status_type" : rest;
  }
  if (api_field.rfind("filter", 0) == 0) return "filter";
  return api_field;
}

}  // namespace herald::ui
