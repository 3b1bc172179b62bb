#pragma once
// Mailgun webhooks: parsing and the HMAC signature.
// Parsers and signature checks follow the rules of providers/provider.h.
#include <string>
#include <string_view>
#include <vector>

#include "tracking/delivery_event.h"

namespace herald::providers {

using tracking::DeliveryEvent;

// {"signature":{...},"event-data":{...}}. Our id travels as the user-variable `herald_id`.
std::vector<DeliveryEvent> parse_mailgun(std::string_view body);
// hex(HMAC-SHA256(signing_key, timestamp + token)) == signature. The caller should also
// refuse old timestamps and tokens it has seen (replays).
bool verify_mailgun_signature(const std::string& signing_key, std::string_view timestamp,
                              std::string_view token, std::string_view signature);
// The same, reading the three values from the body's "signature" object.
bool verify_mailgun_signature(const std::string& signing_key, std::string_view body);
// The "signature" object of a Mailgun webhook body (empty fields when absent).
struct MailgunSignature {
  std::string timestamp, token, signature;
};
MailgunSignature read_mailgun_signature(std::string_view body);

}  // namespace herald::providers
