#pragma once
// The campaign form of the pages: its fields as the API's JSON body (so a campaign is checked by
// the same rules whichever way it comes), and a campaign back as the form's values.
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "campaigns/campaign.h"

namespace herald::ui {

// Rows of actions the form offers; the API allows 1-10.
inline constexpr int kCampaignFormActions = 10;

// Fields: name, status_type, from, to, filter (JSON text, empty = {}), active ("on"),
// action_type_N (send_sms|send_email), action_template_N, action_delay_N; a row whose
// template is empty is left out. Throws bad_request naming the API field at fault.
campaigns::Campaign campaign_from_form(const std::map<std::string, std::string>& form);

// The form's values for mustache: {name, status_type options, from, to, filter, active,
// actions:[{i, type options, template, delay}]}; an empty row follows the campaign's actions.
nlohmann::json campaign_form_values(const std::map<std::string, std::string>& form);
std::map<std::string, std::string> form_of(const campaigns::Campaign& c);

// The form field (input name) that shows an API field's error: "actions[2].delay_seconds" ->
// "action_delay_2", "trigger.from" -> "from", "filter.all[0].op" -> "filter".
std::string form_field_of(const std::string& api_field);

}  // namespace herald::ui
