// Mailgun webhooks (v3): {"signature":{timestamp,token,signature},"event-data":{...}}.
#include "providers/mailgun/mailgun_events.h"

#include "common/error.h"
#include "common/ids.h"
#include "common/json_read.h"
#include "tracking/codec.h"
#include "tracking/provider_common.h"

namespace herald::providers {
using namespace tracking;  // the callback helpers and codecs all parsers share

namespace {

using detail::text;
using nlohmann::json;

// The server's reply and Mailgun's explanation, whichever are present.
std::string status_words(const json& status) {
  const std::string message = text(status, "message", "delivery-status.message");
  const std::string description = text(status, "description", "delivery-status.description");
  if (message.empty()) return description;
  if (description.empty() || description == message) return message;
  return message + " (" + description + ")";
}

void apply_failure(DeliveryEvent& e, const json& data) {
  const std::string severity = text(data, "severity", "severity");
  const std::string why = text(data, "reason", "reason");
  json status = json::object();
  if (const auto it = data.find("delivery-status"); it != data.end() && it->is_object())
    status = *it;
  e.detail = status_words(status);
  const std::string code_text = text(status, "code", "delivery-status.code");
  const int code = code_text.empty() ? 0 : std::atoi(code_text.c_str());
  // Codes 6xx are Mailgun's own (605: not delivering to a previously bounced address).
  if (code >= 600) e.provider_error_code = code_text;
  detail::apply_smtp(e, e.detail, text(status, "enhanced-code", "delivery-status.enhanced-code"),
                     code < 600 ? code : 0);
  if (why.starts_with("suppress-")) {
    e.type = "suppressed";
    e.reason = "suppressed";
    e.hard_bounce = why == "suppress-bounce";
    return;
  }
  if (severity == "temporary") {
    e.type = "deferred";
  } else {
    e.type = "bounced";
    e.hard_bounce = why == "bounce";
  }
  if (why == "old") e.reason = "expired";
  if (why == "espblock") e.reason = "blocked";
  if (e.reason.empty()) e.reason = "undefined";
  if (e.provider_error_code.empty()) e.provider_error_code = why;
}

}  // namespace

std::vector<DeliveryEvent> parse_mailgun(std::string_view body) {
  const json j = detail::parse_json_body(body);
  if (!j.is_object()) throw bad_request("the body must be a JSON object", "body");
  const json& data = detail::object_at(j, "event-data", "event-data");
  const std::string kind = detail::required_text(data, "event", "event-data.event");
  DeliveryEvent e;
  e.recipient = text(data, "recipient", "event-data.recipient");
  if (const auto ts = data.find("timestamp"); ts != data.end())
    e.at_ms = detail::unix_seconds_ms(*ts);
  if (const auto msg = data.find("message"); msg != data.end() && msg->is_object())
    if (const auto h = msg->find("headers"); h != msg->end() && h->is_object())
      e.message_id_header = detail::strip_angles(text(*h, "message-id", "message.headers"));
  e.provider_message_id = e.message_id_header;
  if (const auto vars = data.find("user-variables"); vars != data.end() && vars->is_object())
    e.herald_id = text(*vars, "herald_id", "user-variables.herald_id");
  if (e.herald_id.empty()) e.herald_id = detail::herald_id_from_message_id(e.message_id_header);

  if (kind == "accepted") {
    e.type = "sent";
    e.detail = "Accepted by Mailgun";
  } else if (kind == "delivered") {
    e.type = "delivered";
    json status = json::object();
    if (const auto it = data.find("delivery-status"); it != data.end() && it->is_object())
      status = *it;
    e.detail = status_words(status);
    const std::string code = text(status, "code", "delivery-status.code");
    if (!code.empty()) e.smtp_code = std::atoi(code.c_str());
  } else if (kind == "failed") {
    apply_failure(e, data);
  } else if (kind == "rejected") {
    e.type = "failed";
    if (const auto r = data.find("reject"); r != data.end() && r->is_object())
      e.detail = text(*r, "reason", "reject.reason");
  } else if (kind == "opened") {
    e.type = "opened";
  } else if (kind == "clicked") {
    e.type = "clicked";
    e.url = text(data, "url", "event-data.url");
  } else if (kind == "complained") {
    e.type = "complained";
    e.reason = "feedback";
    e.detail = "Marked as spam by the recipient";
  } else if (kind == "unsubscribed") {
    e.type = "unsubscribed";
  } else {
    return {};
  }
  if (e.type == "opened" || e.type == "clicked") {
    if (const auto ci = data.find("client-info"); ci != data.end() && ci->is_object())
      e.detail = text(*ci, "user-agent", "client-info.user-agent");
  }
  return {e};
}

bool verify_mailgun_signature(const std::string& signing_key, std::string_view timestamp,
                              std::string_view token, std::string_view signature) {
  if (signing_key.empty() || timestamp.empty() || token.empty()) return false;
  std::string data(timestamp);
  data += token;
  return constant_time_equal(to_hex(hmac_sha256(signing_key, data)), std::string(signature));
}

MailgunSignature read_mailgun_signature(std::string_view body) {
  const json j = read_json_or_discarded(body);
  if (j.is_discarded() || !j.is_object()) return {};
  const auto sig = j.find("signature");
  if (sig == j.end() || !sig->is_object()) return {};
  auto str = [&](const char* key) {
    const auto it = sig->find(key);
    return it != sig->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  return {str("timestamp"), str("token"), str("signature")};
}

bool verify_mailgun_signature(const std::string& signing_key, std::string_view body) {
  const auto sig = read_mailgun_signature(body);
  return verify_mailgun_signature(signing_key, sig.timestamp, sig.token, sig.signature);
}

}  // namespace herald::providers
