#include "api/json_views.h"

namespace herald::api {

using nlohmann::json;

namespace {
json or_null(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}
}  // namespace

json to_json(const store::MessageRow& m) {
  return {{"id", m.id},
          {"channel", domain::to_string(m.channel)},
          {"type", m.type},
          {"event_id", or_null(m.event_id)},
          {"order_id", or_null(m.order_id)},
          {"customer_id", or_null(m.customer_id)},
          {"cart_id", or_null(m.cart_id)},
          {"from", m.from},
          {"to", m.to},
          {"subject", m.subject},
          {"status", domain::to_string(m.status)},
          {"fail_count", m.fail_count},
          {"created_at", format_rfc3339(m.created_at)},
          {"updated_at", format_rfc3339(m.updated_at)},
          {"campaign_id", m.campaign_id ? json(m.campaign_id) : json(nullptr)},
          {"status_change_id", m.status_change_id ? json(m.status_change_id) : json(nullptr)},
          {"resent_from", or_null(m.resent_from)}};
}

json to_json(const store::TimelineEvent& e) {
  return {{"at", format_rfc3339(e.at)},
          {"type", e.type},
          {"status", domain::to_string(e.status)},
          {"smtp_code", e.smtp_code == 0 ? json(nullptr) : json(e.smtp_code)},
          {"enhanced_code", or_null(e.enhanced_code)},
          {"reason", or_null(e.reason)},
          {"description", e.description},
          {"detail", or_null(e.detail)},
          {"node", or_null(e.node)}};
}

json to_json(const store::MessageContent& c, const store::MessageRow& m) {
  json out = {{"expired", c.expired}};
  if (m.channel == domain::Channel::email) {
    out["subject"] = m.subject;
    out["headers"] = c.headers;
    out["html"] = c.html;
    out["text"] = c.text;
    out["cc"] = c.cc;
    out["reply_to"] = or_null(c.reply_to);
  } else {
    out["sms"] = c.sms;
  }
  return out;
}

json to_json(const store::TemplateRecord& t) {
  json out = {{"key", t.key},
              {"channel", domain::to_string(t.channel)},
              {"locale", t.locale},
              {"updated_at", format_rfc3339(t.updated_at)}};
  if (t.channel == domain::Channel::email) {
    out["subject"] = t.subject;
    out["html"] = t.html;
    out["text"] = t.text;
  } else {
    out["sms"] = t.sms;
  }
  return out;
}

json to_json(const store::EventAcceptance& a) {
  json messages = json::array(), skipped = json::array();
  for (const auto& m : a.messages)
    messages.push_back({{"id", m.id},
                        {"channel", domain::to_string(m.channel)},
                        {"status", domain::to_string(m.status)}});
  for (const auto& s : a.skipped) {
    json item = {{"channel", domain::to_string(s.channel)}, {"reason", s.reason}};
    if (!s.detail.empty()) item["detail"] = s.detail;
    skipped.push_back(std::move(item));
  }
  return {{"event", a.event_id},
          {"duplicate", a.duplicate},
          {"messages", messages},
          {"skipped", skipped}};
}

json settings_json(const store::StoreRecord& s) {
  return {{"store", s.slug},
          {"name", s.settings.name},
          {"default_country", s.settings.default_country},
          {"default_locale", s.settings.default_locale},
          {"owner_email", s.settings.owner_email},
          {"logging", s.settings.logging},
          {"tracking", s.settings.tracking},
          {"content_days", s.settings.content_days},
          {"metadata_days", s.settings.metadata_days},
          {"webhook_signed", !s.webhook_secret.empty()},
          {"created_at", format_rfc3339(s.created_at)}};
}

}  // namespace herald::api
