#include "campaigns/campaign_planner.h"

#include "common/error.h"
#include "common/ids.h"
#include "domain/address.h"
#include "intake/message_planner.h"
#include "render/renderer.h"

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
  if (channel == domain::Channel::sms) {
    const auto phone = text_at(context, "customer", "phone");
    if (phone.empty()) return {"", "no_phone"};
    auto n = domain::normalize_phone(phone, store.settings.default_country);
    if (!n) return {"", "invalid_phone"};
    return {*n, ""};
  }
  const auto email = text_at(context, "customer", "email");
  if (email.empty()) return {"", "no_email"};
  if (!domain::normalize_email(email)) return {"", "invalid_email"};
  return {email, ""};
}

Planned plan_action(const PlanInput& in) {
  Planned out;
  auto [to, why] = recipient_of(in.store, in.action.channel, in.context);
  if (to.empty()) {
    out.skip_reason = why;
    return out;
  }
  const auto locale = text_at(in.context, "customer", "locale");
  auto t = render::pick_template(in.templates, in.action.channel, locale,
                                 in.store.settings.default_locale);
  if (!t) {
    out.skip_reason = "no_template";
    return out;
  }
  render::Rendered r;
  try {
    r = render::render_template(*t, intake::template_vars(in.store, in.context));
  } catch (const Error&) {
    out.skip_reason = "template_error";
    return out;
  }
  store::NewMessage m;
  m.public_id = new_ulid(in.now);
  m.channel = in.action.channel;
  m.type = in.action.template_key;
  m.template_key = in.action.template_key;
  m.order_id = text_at(in.context, "order", "id");
  m.customer_id = text_at(in.context, "customer", "id");
  m.campaign_id = in.campaign_id;
  m.status_change_id = in.status_change_id;
  if (in.action.channel == domain::Channel::sms) {
    if (r.sms.empty()) {
      out.skip_reason = "empty_message";
      return out;
    }
    m.to = {to};
    m.sms = r.sms;
    m.search_addresses = {to};
  } else {
    m.from = in.from;
    m.to = {to};
    m.subject = r.subject;
    m.html = r.html;
    m.text = r.text;
    m.search_addresses = {*domain::normalize_email(to)};
  }
  out.message = std::move(m);
  return out;
}

}  // namespace herald::campaigns
