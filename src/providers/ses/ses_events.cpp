// Amazon SES events, as SNS delivers them: notifications (notificationType) and
// configuration-set event publishing (eventType) share the same parts.
#include "providers/ses/ses_events.h"

#include <algorithm>
#include <cctype>

#include "common/ascii.h"
#include "common/error.h"
#include "common/json_read.h"
#include "tracking/provider_common.h"

namespace herald::providers {
using namespace tracking;  // the callback helpers and codecs all parsers share

namespace {

using detail::text;
using nlohmann::json;

// What every event of one SES message shares: ids from `mail`.
DeliveryEvent base_event(const json& mail) {
  DeliveryEvent e;
  e.provider_message_id = text(mail, "messageId", "mail.messageId");
  std::string herald_header;
  if (const auto it = mail.find("headers"); it != mail.end() && it->is_array()) {
    for (const auto& h : *it) {
      const std::string name = ascii_lower(text(h, "name", "mail.headers"));
      if (name == "message-id")
        e.message_id_header = detail::strip_angles(text(h, "value", "mail.headers"));
      if (name == "x-herald-message-id") herald_header = text(h, "value", "mail.headers");
    }
  }
  if (e.message_id_header.empty() && mail.contains("commonHeaders"))
    e.message_id_header =
        detail::strip_angles(text(mail["commonHeaders"], "messageId", "mail.commonHeaders"));
  if (const auto it = mail.find("tags"); it != mail.end() && it->is_object()) {
    const auto tag = it->find("herald_id");
    if (tag != it->end() && tag->is_array() && !tag->empty() && (*tag)[0].is_string())
      e.herald_id = (*tag)[0].get<std::string>();
  }
  if (e.herald_id.empty()) e.herald_id = herald_header;
  if (e.herald_id.empty()) e.herald_id = detail::herald_id_from_message_id(e.message_id_header);
  e.at_ms = detail::rfc3339_ms(text(mail, "timestamp", "mail.timestamp"));
  return e;
}

std::vector<std::string> destinations(const json& mail) {
  std::vector<std::string> out;
  if (const auto it = mail.find("destination"); it != mail.end() && it->is_array())
    for (const auto& d : *it)
      if (d.is_string()) out.push_back(d.get<std::string>());
  return out;
}

const json& list_at(const json& part, const char* key, const char* field) {
  const auto it = part.find(key);
  if (it == part.end() || !it->is_array())
    throw bad_request(std::string(field) + " must be an array", field);
  return *it;
}

std::string bounce_subtype_reason(const std::string& subtype) {
  if (subtype == "NoEmail") return "userunknown";
  if (subtype == "Suppressed" || subtype == "OnAccountSuppressionList") return "suppressed";
  if (subtype == "MailboxFull") return "mailboxfull";
  if (subtype == "MessageTooLarge") return "mesgtoobig";
  if (subtype == "ContentRejected" || subtype == "AttachmentRejected") return "contenterror";
  return {};
}

std::string delay_type_reason(const std::string& type) {
  if (type == "MailboxFull") return "mailboxfull";
  if (type == "SpamDetected") return "spamdetected";
  if (type == "IPFailure") return "blocked";
  if (type == "TransientCommunicationFailure" || type == "BYOIPHostNameLookupUnavailable")
    return "networkerror";
  if (type == "InternalFailure" || type == "RecipientServerError") return "systemerror";
  return {};
}

void add_bounces(const json& ses, const DeliveryEvent& base, std::vector<DeliveryEvent>& out) {
  const json& b = detail::object_at(ses, "bounce", "bounce");
  const std::string type = text(b, "bounceType", "bounce.bounceType");
  const std::string subtype = text(b, "bounceSubType", "bounce.bounceSubType");
  const std::string subtype_reason = bounce_subtype_reason(subtype);
  for (const auto& r : list_at(b, "bouncedRecipients", "bounce.bouncedRecipients")) {
    DeliveryEvent e = base;
    e.recipient = detail::required_text(r, "emailAddress", "bounce.bouncedRecipients");
    const std::string diagnostic = text(r, "diagnosticCode", "bounce.bouncedRecipients");
    detail::apply_smtp(e, diagnostic, text(r, "status", "bounce.bouncedRecipients"));
    // SES's own classification names the cause when it is specific; the server's words
    // refine a General one.
    if (!subtype_reason.empty()) e.reason = subtype_reason;
    if (e.reason.empty()) e.reason = "undefined";
    e.type = e.reason == "suppressed" ? "suppressed" : "bounced";
    e.hard_bounce = type == "Permanent";
    e.detail = diagnostic.empty() ? type + "/" + subtype + " bounce" : diagnostic;
    e.provider_error_code = type + "/" + subtype;
    out.push_back(std::move(e));
  }
}

void add_complaints(const json& ses, const DeliveryEvent& base, std::vector<DeliveryEvent>& out) {
  const json& c = detail::object_at(ses, "complaint", "complaint");
  const std::string feedback = text(c, "complaintFeedbackType", "complaint");
  const std::string agent = text(c, "userAgent", "complaint");
  for (const auto& r : list_at(c, "complainedRecipients", "complaint.complainedRecipients")) {
    DeliveryEvent e = base;
    e.type = "complained";
    e.reason = "feedback";
    e.recipient = detail::required_text(r, "emailAddress", "complaint.complainedRecipients");
    e.detail = "Complaint" + (feedback.empty() ? std::string() : " (" + feedback + ")") +
               (agent.empty() ? std::string() : " via " + agent);
    e.provider_error_code = feedback;
    out.push_back(std::move(e));
  }
}

void add_delays(const json& ses, const DeliveryEvent& base, std::vector<DeliveryEvent>& out) {
  const json& d = detail::object_at(ses, "deliveryDelay", "deliveryDelay");
  const std::string delay = text(d, "delayType", "deliveryDelay.delayType");
  for (const auto& r : list_at(d, "delayedRecipients", "deliveryDelay.delayedRecipients")) {
    DeliveryEvent e = base;
    e.type = "deferred";
    e.recipient = detail::required_text(r, "emailAddress", "deliveryDelay.delayedRecipients");
    const std::string diagnostic = text(r, "diagnosticCode", "deliveryDelay.delayedRecipients");
    detail::apply_smtp(e, diagnostic, text(r, "status", "deliveryDelay.delayedRecipients"));
    if (const std::string named = delay_type_reason(delay); !named.empty()) e.reason = named;
    if (e.reason.empty()) e.reason = "undefined";
    e.detail = diagnostic.empty() ? delay : diagnostic;
    e.provider_error_code = delay;
    out.push_back(std::move(e));
  }
}

// One event per destination; for opens and clicks SES does not say which recipient acted.
void add_for_destinations(const json& mail, DeliveryEvent e, std::vector<DeliveryEvent>& out) {
  const auto to = destinations(mail);
  if (to.size() == 1) e.recipient = to.front();
  if (to.size() <= 1 || e.type == "opened" || e.type == "clicked") {
    out.push_back(std::move(e));
    return;
  }
  for (const auto& r : to) {
    e.recipient = r;
    out.push_back(e);
  }
}

}  // namespace

std::vector<DeliveryEvent> parse_ses_event(const json& ses) {
  if (!ses.is_object()) throw bad_request("the SES event must be an object", "Message");
  std::string kind = text(ses, "eventType", "eventType");
  if (kind.empty()) kind = text(ses, "notificationType", "notificationType");
  if (kind.empty()) throw bad_request("neither eventType nor notificationType", "eventType");
  const json& mail = detail::object_at(ses, "mail", "mail");
  const DeliveryEvent base = base_event(mail);
  std::vector<DeliveryEvent> out;
  DeliveryEvent e = base;
  if (kind == "Bounce") {
    add_bounces(ses, base, out);
  } else if (kind == "Complaint") {
    add_complaints(ses, base, out);
  } else if (kind == "DeliveryDelay") {
    add_delays(ses, base, out);
  } else if (kind == "Delivery") {
    const json& d = detail::object_at(ses, "delivery", "delivery");
    e.type = "delivered";
    e.detail = text(d, "smtpResponse", "delivery.smtpResponse");
    detail::apply_smtp(e, e.detail);
    for (const auto& r : list_at(d, "recipients", "delivery.recipients")) {
      DeliveryEvent one = e;
      one.recipient = r.is_string() ? r.get<std::string>() : std::string();
      out.push_back(std::move(one));
    }
  } else if (kind == "Send") {
    e.type = "sent";
    e.detail = "Accepted by Amazon SES";
    add_for_destinations(mail, e, out);
  } else if (kind == "Reject") {
    // SES rejects a message only when it finds a virus in it.
    e.type = "failed";
    e.reason = "virusdetected";
    e.detail = text(detail::object_at(ses, "reject", "reject"), "reason", "reject.reason");
    add_for_destinations(mail, e, out);
  } else if (kind == "Rendering Failure") {
    const json& f = detail::object_at(ses, "failure", "failure");
    e.type = "failed";
    e.reason = "contenterror";
    e.detail = text(f, "errorMessage", "failure.errorMessage");
    e.provider_error_code = text(f, "templateName", "failure.templateName");
    add_for_destinations(mail, e, out);
  } else if (kind == "Open") {
    const json& o = detail::object_at(ses, "open", "open");
    e.type = "opened";
    e.detail = text(o, "userAgent", "open.userAgent");
    add_for_destinations(mail, e, out);
  } else if (kind == "Click") {
    const json& c = detail::object_at(ses, "click", "click");
    e.type = "clicked";
    e.url = text(c, "link", "click.link");
    e.detail = text(c, "userAgent", "click.userAgent");
    add_for_destinations(mail, e, out);
  } else if (kind == "Subscription") {
    const json& s = detail::object_at(ses, "subscription", "subscription");
    bool out_all = false;
    if (const auto p = s.find("newTopicPreferences"); p != s.end() && p->is_object())
      out_all = p->value("unsubscribeAll", false);
    e.type = out_all ? "unsubscribed" : "subscribed";
    e.detail = "Subscription preferences changed (" + text(s, "source", "subscription") + ")";
    add_for_destinations(mail, e, out);
  }
  // The event's own time when its part has one (a delivery is later than the send).
  for (const char* part :
       {"bounce", "complaint", "deliveryDelay", "delivery", "open", "click", "subscription"}) {
    const auto it = ses.find(part);
    if (it == ses.end() || !it->is_object()) continue;
    if (const std::int64_t at = detail::rfc3339_ms(text(*it, "timestamp", part)); at != 0)
      for (auto& ev : out) ev.at_ms = at;
  }
  return out;
}

std::vector<DeliveryEvent> parse_ses(std::string_view body) {
  const json j = detail::parse_json_body(body);
  if (!j.is_object()) throw bad_request("the body must be a JSON object", "body");
  if (!j.contains("Type")) return parse_ses_event(j);  // raw message delivery
  const SnsEnvelope env = parse_sns(body);
  if (env.type != "Notification") return {};
  const json ses = read_json_or_discarded(env.message);
  if (ses.is_discarded() || !ses.is_object() ||
      !(ses.contains("eventType") || ses.contains("notificationType")))
    return {};  // a topic message that is not from SES
  return parse_ses_event(ses);
}

}  // namespace herald::providers
