#include "campaigns/campaign_planner.h"

#include "intake/message_planner.h"

namespace herald::campaigns {

namespace {
using nlohmann::json;

std::string text_at(const json& context, const char* object, const char* key) {
  if (!context.contains(object) || !context.at(object).is_object()) return {};
  const auto& o = context.at(object);
  if (!o.contains(key)) return {};
  if (o.at(key).is_string()) return o.at(key).get<std::string>();
  if (o.at(key).is_number_integer()) return o.at(key).dump();
  return {};
}
}  // namespace

std::pair<std::string, std::string> recipient_of(const store::StoreRecord& store,
                                                 domain::Channel channel, const json& context) {
  const bool email = channel == domain::Channel::email;
  const auto given = text_at(context, "customer", email ? "email" : "phone");
  if (given.empty()) return {"", email ? "no_email" : "no_phone"};
  auto n = intake::normalized_address(store, channel, given);
  if (!n) return {"", email ? "invalid_email" : "invalid_phone"};
  return {email ? given : *n, ""};
}

Planned plan_action(const PlanInput& in) {
  const bool email = in.action.channel == domain::Channel::email;
  const auto vars = intake::template_vars(in.store, in.context);
  intake::MessageInput m;
  m.channel = in.action.channel;
  m.type = in.action.template_key;
  m.template_key = in.action.template_key;
  m.content.templates = &in.templates;
  m.content.locale = text_at(in.context, "customer", "locale");
  m.content.vars = &vars;
  if (email) m.from = in.from;
  const auto to = text_at(in.context, "customer", email ? "email" : "phone");
  if (!to.empty()) m.to = {to};
  m.order_id = text_at(in.context, "order", "id");
  m.customer_id = text_at(in.context, "customer", "id");
  m.campaign_id = in.campaign_id;
  m.status_change_id = in.status_change_id;
  auto planned = intake::plan(in.store, m, in.now);
  Planned out;
  out.message = std::move(planned.message);
  if (!out.message) out.skip_reason = planned.skipped.reason;
  return out;
}

}  // namespace herald::campaigns
