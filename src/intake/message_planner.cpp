#include "intake/message_planner.h"

#include "common/error.h"
#include "common/ids.h"
#include "domain/address.h"

namespace herald::intake {

namespace {
using domain::Channel;

PlannedMessage skip(Channel channel, std::string reason, std::string detail,
                    std::string field = {}) {
  PlannedMessage out;
  out.skipped = {channel, std::move(reason), std::move(detail)};
  out.field = std::move(field);
  return out;
}

// The template the content is rendered from; nullopt when the message's content is final.
std::optional<store::TemplateRecord> template_of(const store::StoreRecord& store,
                                                 const MessageInput& in) {
  const auto& c = in.content;
  if (c.rendered) return std::nullopt;
  if (c.inline_template) return c.inline_template;
  if (!c.templates) return std::nullopt;
  return render::pick_template(*c.templates, in.channel, c.locale, store.settings.default_locale);
}
}  // namespace

nlohmann::json template_vars(const store::StoreRecord& store, const nlohmann::json& body) {
  nlohmann::json vars = body;
  vars["store"] = {{"slug", store.slug},
                   {"name", store.settings.name.empty() ? store.slug : store.settings.name},
                   {"owner_email", store.settings.owner_email}};
  return vars;
}

std::optional<std::string> normalized_address(const store::StoreRecord& store, Channel channel,
                                              const std::string& address) {
  return channel == Channel::email
             ? domain::normalize_email(address)
             : domain::normalize_phone(address, store.settings.default_country);
}

PlannedMessage plan(const store::StoreRecord& store, const MessageInput& in, TimeMs now) {
  const Channel ch = in.channel;
  const bool email = ch == Channel::email;
  const auto t = template_of(store, in);
  if (!t && !in.content.rendered) return skip(ch, "no_template", in.type, "type");

  if (in.to.empty()) return skip(ch, email ? "no_email" : "no_phone", "", "to");
  std::vector<std::string> search;
  search.reserve(in.to.size() + in.cc.size());
  for (const auto* list : {&in.to, &in.cc})
    for (const auto& address : *list) {
      auto n = normalized_address(store, ch, address);
      if (!n)
        return skip(ch, email ? "invalid_email" : "invalid_phone", address,
                    list == &in.to ? "to" : "cc");
      search.push_back(std::move(*n));
    }
  // Replies go where Reply-To says: an address the log would refuse as a recipient is refused
  // here too, rather than written into the header.
  if (email && !in.reply_to.empty() && !domain::normalize_email(in.reply_to))
    return skip(ch, "invalid_email", in.reply_to, "reply_to");

  render::Rendered r;
  if (in.content.rendered) {
    r = *in.content.rendered;
  } else {
    try {
      r = render::render_template(
          *t, in.content.vars ? *in.content.vars : nlohmann::json::object(),
          in.content.inline_template ? render::Reuse::once : render::Reuse::keep);
    } catch (const Error& err) {
      return skip(ch, "template_error", err.what(), err.field());
    }
  }
  if (!email && r.sms.empty()) return skip(ch, "empty_message", "the SMS template is empty", "sms");

  store::NewMessage m;
  m.public_id = new_ulid(now);
  m.channel = ch;
  m.type = in.type;
  m.event_id = in.event_id;
  m.order_id = in.order_id;
  m.customer_id = in.customer_id;
  m.cart_id = in.cart_id;
  m.from = in.from;
  m.to = email ? in.to : search;  // E.164 on the wire
  m.cc = in.cc;
  m.reply_to = in.reply_to;
  if (email) {
    m.subject = std::move(r.subject);
    m.html = std::move(r.html);
    m.text = std::move(r.text);
  } else {
    m.sms = std::move(r.sms);
  }
  m.search_addresses = std::move(search);
  if (in.content.templates && !in.content.inline_template && !in.content.rendered)
    m.template_key = in.template_key;
  m.campaign_id = in.campaign_id;
  m.status_change_id = in.status_change_id;
  m.resent_from = in.resent_from;
  PlannedMessage out;
  out.message = std::move(m);
  return out;
}

store::NewEvent plan_event(const PlannerContext& ctx, EventRequest e) {
  store::NewEvent out;
  out.store_id = ctx.store.id;
  out.event_id = e.id;
  out.type = e.type;
  out.order_id = e.order_id;
  out.occurred_at = e.occurred_at;
  const auto vars = template_vars(ctx.store, e.body);
  for (const Channel ch : {Channel::email, Channel::sms}) {
    MessageInput in;
    in.channel = ch;
    in.type = e.type;
    in.template_key = e.type;
    in.content.templates = &ctx.templates;
    in.content.locale = e.locale;
    in.content.vars = &vars;
    const auto& address = ch == Channel::email ? e.email : e.phone;
    if (!address.empty()) in.to = {address};
    if (ch == Channel::email) in.from = ctx.from;
    in.event_id = e.id;
    in.order_id = e.order_id;
    in.customer_id = e.customer_id;
    in.cart_id = e.cart_id;
    auto planned = plan(ctx.store, in, ctx.now);
    if (planned.message)
      out.messages.push_back(std::move(*planned.message));
    else
      out.skipped.push_back(std::move(planned.skipped));
  }
  out.payload = std::move(e.body);
  return out;
}

}  // namespace herald::intake
