#pragma once
// SendGrid event webhook: parsing and its ECDSA signature.
// Parsers and signature checks follow the rules of providers/provider.h.
#include <string>
#include <string_view>
#include <vector>

#include "tracking/delivery_event.h"

namespace herald::providers {

using tracking::DeliveryEvent;

// A JSON array of events. Our id travels as the custom argument `herald_id`.
std::vector<DeliveryEvent> parse_sendgrid(std::string_view body);
// ECDSA P-256 / SHA-256 over timestamp + raw body. `public_key_b64` is the base64 DER key
// shown by SendGrid; `signature_b64` and `timestamp` are the X-Twilio-Email-Event-Webhook-
// Signature and -Timestamp headers.
bool verify_sendgrid_signature(const std::string& public_key_b64, std::string_view timestamp,
                               std::string_view body, std::string_view signature_b64);

}  // namespace herald::providers
