// Postmark webhooks: one JSON record per POST, RecordType says which.
#include "providers/postmark/postmark_events.h"

#include <array>

#include "common/error.h"
#include "tracking/provider_common.h"

namespace herald::providers {
using namespace tracking;  // the callback helpers and codecs all parsers share

namespace {

using detail::text;
using nlohmann::json;

// Postmark's bounce types (TypeCode) and what each means for a message and an address.
struct BounceKind {
  int code;
  std::string_view name;
  std::string_view type;    // our event type
  std::string_view reason;  // when the server's words do not say better
  bool hard;
};

constexpr std::array<BounceKind, 22> kBounceKinds{{
    {1, "HardBounce", "bounced", "userunknown", true},
    {2, "Transient", "deferred", "networkerror", false},
    {16, "Unsubscribe", "unsubscribed", "", false},
    {32, "Subscribe", "subscribed", "", false},
    {64, "AutoResponder", "autoreply", "vacation", false},
    {128, "AddressChange", "autoreply", "hasmoved", false},
    {256, "DnsError", "deferred", "networkerror", false},
    {512, "SpamNotification", "bounced", "spamdetected", false},
    {1024, "OpenRelayTest", "deferred", "undefined", false},
    {2048, "Unknown", "bounced", "undefined", false},
    {4096, "SoftBounce", "bounced", "undefined", false},
    {8192, "VirusNotification", "bounced", "virusdetected", false},
    {16384, "ChallengeVerification", "autoreply", "filtered", false},
    {100000, "BadEmailAddress", "bounced", "userunknown", true},
    {100001, "SpamComplaint", "complained", "feedback", false},
    {100002, "ManuallyDeactivated", "suppressed", "suppressed", false},
    {100003, "Unconfirmed", "failed", "rejected", false},
    {100006, "Blocked", "bounced", "blocked", false},
    {100007, "SMTPApiError", "failed", "systemerror", false},
    {100008, "InboundError", "failed", "systemerror", false},
    {100009, "DMARCPolicy", "bounced", "authfailure", false},
    {100010, "TemplateRenderingFailed", "failed", "contenterror", false},
}};

const BounceKind* find_kind(const std::string& name, int code) {
  for (const auto& k : kBounceKinds)
    if (k.name == name) return &k;
  for (const auto& k : kBounceKinds)
    if (k.code == code) return &k;
  return nullptr;
}

std::string join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty() || a == b) return a;
  return a + " — " + b;
}

void apply_bounce(DeliveryEvent& e, const json& j) {
  const std::string name = text(j, "Type", "Type");
  const std::string code = text(j, "TypeCode", "TypeCode");
  const BounceKind* kind = find_kind(name, code.empty() ? -1 : std::atoi(code.c_str()));
  e.provider_error_code = name.empty() ? code : name;
  e.recipient = text(j, "Email", "Email");
  const std::string details = text(j, "Details", "Details");
  e.detail = join(text(j, "Description", "Description"), details);
  e.at_ms = detail::rfc3339_ms(text(j, "BouncedAt", "BouncedAt"));
  if (kind == nullptr) {
    e.type = "bounced";
    e.reason = "undefined";
    detail::apply_smtp(e, details);
    return;
  }
  e.type = kind->type;
  e.hard_bounce = kind->hard;
  if (e.type == "bounced" || e.type == "deferred") {
    // "smtp;550 5.1.1 The email account ... does not exist." says more than the type.
    detail::apply_smtp(e, details);
    if (e.reason.empty() || e.reason == "undefined") e.reason = kind->reason;
  } else {
    e.reason = kind->reason;
  }
}

}  // namespace

std::vector<DeliveryEvent> parse_postmark(std::string_view body) {
  const json j = detail::parse_json_body(body);
  if (!j.is_object()) throw bad_request("the body must be a JSON object", "body");
  const std::string record = detail::required_text(j, "RecordType", "RecordType");
  DeliveryEvent e;
  e.provider_message_id = text(j, "MessageID", "MessageID");
  e.recipient = text(j, "Recipient", "Recipient");
  if (const auto meta = j.find("Metadata"); meta != j.end() && meta->is_object())
    e.herald_id = text(*meta, "herald_id", "Metadata.herald_id");

  if (record == "Delivery") {
    e.type = "delivered";
    e.detail = text(j, "Details", "Details");
    e.at_ms = detail::rfc3339_ms(text(j, "DeliveredAt", "DeliveredAt"));
  } else if (record == "Bounce") {
    apply_bounce(e, j);
  } else if (record == "SpamComplaint") {
    e.type = "complained";
    e.reason = "feedback";
    e.recipient = text(j, "Email", "Email");
    e.detail = join(text(j, "Description", "Description"), text(j, "Details", "Details"));
    e.provider_error_code = text(j, "Type", "Type");
    e.at_ms = detail::rfc3339_ms(text(j, "BouncedAt", "BouncedAt"));
  } else if (record == "Open") {
    e.type = "opened";
    e.detail = text(j, "UserAgent", "UserAgent");
    e.at_ms = detail::rfc3339_ms(text(j, "ReceivedAt", "ReceivedAt"));
  } else if (record == "Click") {
    e.type = "clicked";
    e.url = text(j, "OriginalLink", "OriginalLink");
    e.detail = text(j, "UserAgent", "UserAgent");
    e.at_ms = detail::rfc3339_ms(text(j, "ReceivedAt", "ReceivedAt"));
  } else if (record == "SubscriptionChange") {
    const bool suppress = j.value("SuppressSending", false);
    e.type = suppress ? "unsubscribed" : "subscribed";
    const std::string why = text(j, "SuppressionReason", "SuppressionReason");
    e.detail = suppress ? "Sending suppressed" + (why.empty() ? "" : " (" + why + ")")
                        : "Sending reactivated";
    e.provider_error_code = why;
    e.hard_bounce = suppress && why == "HardBounce";
    e.at_ms = detail::rfc3339_ms(text(j, "ChangedAt", "ChangedAt"));
  } else {
    return {};
  }
  return {e};
}

}  // namespace herald::providers
