#include "intake/message_planner.h"

#include "common/error.h"
#include "common/ids.h"
#include "domain/address.h"
#include "render/renderer.h"

namespace herald::intake {

namespace {
using domain::Channel;

store::NewMessage base_message(const EventRequest& e, Channel channel, TimeMs now) {
  store::NewMessage m;
  m.public_id = new_ulid(now);
  m.channel = channel;
  m.type = e.type;
  m.event_id = e.id;
  m.order_id = e.order_id;
  m.customer_id = e.customer_id;
  m.cart_id = e.cart_id;
  m.template_key = e.type;
  return m;
}

// Renders `t` or reports why not; a template that fails to render skips only its channel.
std::optional<render::Rendered> try_render(const store::TemplateRecord& t,
                                           const nlohmann::json& vars, Channel channel,
                                           store::NewEvent& out) {
  try {
    return render::render_template(t, vars);
  } catch (const Error& err) {
    out.skipped.push_back({channel, "template_error", err.what()});
    return std::nullopt;
  }
}

void plan_email(const PlannerContext& ctx, const EventRequest& e, const nlohmann::json& vars,
                store::NewEvent& out) {
  auto t = render::pick_template(ctx.templates, Channel::email, e.locale,
                                 ctx.store.settings.default_locale);
  if (!t) return out.skipped.push_back({Channel::email, "no_template", e.type});
  if (e.email.empty()) return out.skipped.push_back({Channel::email, "no_email", ""});
  auto address = domain::normalize_email(e.email);
  if (!address) return out.skipped.push_back({Channel::email, "invalid_email", e.email});
  auto rendered = try_render(*t, vars, Channel::email, out);
  if (!rendered) return;
  auto m = base_message(e, Channel::email, ctx.now);
  m.from = ctx.from;
  m.to = {e.email};
  m.subject = rendered->subject;
  m.html = rendered->html;
  m.text = rendered->text;
  m.search_addresses = {*address};
  out.messages.push_back(std::move(m));
}

void plan_sms(const PlannerContext& ctx, const EventRequest& e, const nlohmann::json& vars,
              store::NewEvent& out) {
  auto t = render::pick_template(ctx.templates, Channel::sms, e.locale,
                                 ctx.store.settings.default_locale);
  if (!t) return out.skipped.push_back({Channel::sms, "no_template", e.type});
  if (e.phone.empty()) return out.skipped.push_back({Channel::sms, "no_phone", ""});
  auto number = domain::normalize_phone(e.phone, ctx.store.settings.default_country);
  if (!number) return out.skipped.push_back({Channel::sms, "invalid_phone", e.phone});
  auto rendered = try_render(*t, vars, Channel::sms, out);
  if (!rendered) return;
  if (rendered->sms.empty())
    return out.skipped.push_back({Channel::sms, "empty_message", "the SMS template is empty"});
  auto m = base_message(e, Channel::sms, ctx.now);
  m.to = {*number};
  m.sms = rendered->sms;
  m.search_addresses = {*number};
  out.messages.push_back(std::move(m));
}
}  // namespace

nlohmann::json template_vars(const store::StoreRecord& store, const nlohmann::json& body) {
  nlohmann::json vars = body;
  vars["store"] = {{"slug", store.slug},
                   {"name", store.settings.name.empty() ? store.slug : store.settings.name},
                   {"owner_email", store.settings.owner_email}};
  return vars;
}

store::NewEvent plan_event(const PlannerContext& ctx, const EventRequest& e) {
  store::NewEvent out;
  out.store_id = ctx.store.id;
  out.event_id = e.id;
  out.type = e.type;
  out.order_id = e.order_id;
  out.occurred_at = e.occurred_at;
  out.payload_json = e.body.dump();
  auto vars = template_vars(ctx.store, e.body);
  plan_email(ctx, e, vars, out);
  plan_sms(ctx, e, vars, out);
  return out;
}

}  // namespace herald::intake
