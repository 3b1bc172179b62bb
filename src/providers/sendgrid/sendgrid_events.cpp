// SendGrid Event Webhook: a JSON array of events, optionally signed with ECDSA P-256.
#include "providers/sendgrid/sendgrid_events.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>

#include "common/error.h"
#include "tracking/codec.h"
#include "tracking/provider_common.h"

namespace herald::providers {
using namespace tracking;  // the callback helpers and codecs all parsers share

namespace {

using detail::text;
using nlohmann::json;

// SendGrid's bounce_classification, when the server's words said nothing we know.
std::string classification_reason(const std::string& c) {
  if (c == "invalid") return "userunknown";
  if (c == "mailbox unavailable") return "suspend";
  if (c == "reputation") return "blocked";
  if (c == "content") return "spamdetected";
  if (c == "frequency/volume") return "speeding";
  if (c == "technical") return "systemerror";
  return {};
}

// Why SendGrid dropped a message: its suppression lists, or something about the message.
void apply_drop(DeliveryEvent& e, const std::string& why) {
  e.detail = why;
  if (why == "Bounced Address" || why == "Invalid") {
    e.type = "suppressed";
    e.reason = "suppressed";
    e.hard_bounce = true;
  } else if (why == "Unsubscribed Address" || why == "Spam Reporting Address") {
    e.type = "suppressed";
    e.reason = "suppressed";
  } else {
    e.type = "failed";
    if (why.find("Spam Content") != std::string::npos) e.reason = "spamdetected";
  }
}

std::optional<DeliveryEvent> one(const json& ev) {
  if (!ev.is_object()) throw bad_request("each event must be an object", "event");
  const std::string kind = detail::required_text(ev, "event", "event");
  DeliveryEvent e;
  e.recipient = text(ev, "email", "email");
  e.provider_message_id = text(ev, "sg_message_id", "sg_message_id");
  e.message_id_header = detail::strip_angles(text(ev, "smtp-id", "smtp-id"));
  e.herald_id = text(ev, "herald_id", "herald_id");
  if (e.herald_id.empty()) e.herald_id = detail::herald_id_from_message_id(e.message_id_header);
  if (const auto ts = ev.find("timestamp"); ts != ev.end()) e.at_ms = detail::unix_seconds_ms(*ts);

  if (kind == "processed") {
    e.type = "sent";
    e.detail = "Accepted by SendGrid";
  } else if (kind == "delivered" || kind == "deferred") {
    e.type = kind;
    e.detail = text(ev, "response", "response");
    detail::apply_smtp(e, e.detail, text(ev, "status", "status"));
    if (kind == "deferred" && e.reason.empty()) e.reason = "undefined";
    if (const std::string attempt = text(ev, "attempt", "attempt"); !attempt.empty())
      e.detail += " (attempt " + attempt + ")";
  } else if (kind == "bounce" || kind == "blocked") {
    // type "bounce": the address failed and SendGrid suppresses it; "blocked": the
    // receiving server refused this message (reputation, content...).
    const std::string sub = kind == "blocked" ? "blocked" : text(ev, "type", "type");
    e.type = "bounced";
    e.detail = text(ev, "reason", "reason");
    detail::apply_smtp(e, e.detail, text(ev, "status", "status"));
    const std::string classified =
        classification_reason(text(ev, "bounce_classification", "bounce_classification"));
    if ((e.reason.empty() || e.reason == "undefined") && !classified.empty()) e.reason = classified;
    if (e.reason.empty()) e.reason = sub == "blocked" ? "blocked" : "undefined";
    e.hard_bounce = sub != "blocked";
    e.provider_error_code = sub.empty() ? "bounce" : sub;
  } else if (kind == "dropped") {
    apply_drop(e, text(ev, "reason", "reason"));
    e.enhanced_code = text(ev, "status", "status");
  } else if (kind == "open") {
    e.type = "opened";
    e.detail = text(ev, "useragent", "useragent");
    if (ev.value("sg_machine_open", false)) e.detail = "Machine open (mail privacy proxy)";
  } else if (kind == "click") {
    e.type = "clicked";
    e.url = text(ev, "url", "url");
    e.detail = text(ev, "useragent", "useragent");
  } else if (kind == "spamreport") {
    e.type = "complained";
    e.reason = "feedback";
    e.detail = "Marked as spam by the recipient";
  } else if (kind == "unsubscribe" || kind == "group_unsubscribe") {
    e.type = "unsubscribed";
    const std::string group = text(ev, "asm_group_id", "asm_group_id");
    e.detail = group.empty() ? "Unsubscribed" : "Unsubscribed from group " + group;
  } else if (kind == "group_resubscribe") {
    e.type = "subscribed";
    e.detail = "Resubscribed to group " + text(ev, "asm_group_id", "asm_group_id");
  } else {
    return std::nullopt;
  }
  return e;
}

}  // namespace

std::vector<DeliveryEvent> parse_sendgrid(std::string_view body) {
  const json j = detail::parse_json_body(body);
  if (!j.is_array()) throw bad_request("the body must be a JSON array of events", "body");
  std::vector<DeliveryEvent> out;
  for (const auto& ev : j)
    if (auto e = one(ev)) out.push_back(std::move(*e));
  return out;
}

bool verify_sendgrid_signature(const std::string& public_key_b64, std::string_view timestamp,
                               std::string_view body, std::string_view signature_b64) {
  const auto der = base64_decode(public_key_b64);
  const auto signature = base64_decode(signature_b64);
  if (!der || !signature || signature->empty() || timestamp.empty()) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(der->data());
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      d2i_PUBKEY(nullptr, &p, static_cast<long>(der->size())), EVP_PKEY_free);
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_EC) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1)
    return false;
  if (EVP_DigestVerifyUpdate(ctx.get(), timestamp.data(), timestamp.size()) != 1 ||
      EVP_DigestVerifyUpdate(ctx.get(), body.data(), body.size()) != 1)
    return false;
  return EVP_DigestVerifyFinal(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                               signature->size()) == 1;
}

}  // namespace herald::providers
