#pragma once
// Twilio SMS status callbacks: parsing and X-Twilio-Signature.
// Parsers and signature checks follow the rules of providers/provider.h.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tracking/delivery_event.h"

namespace herald::providers {

using tracking::DeliveryEvent;

// `form_body` is the application/x-www-form-urlencoded POST body; `query` the decoded query
// of the StatusCallback URL, whose `id` is our message id.
std::vector<DeliveryEvent> parse_twilio(std::string_view form_body,
                                        const std::map<std::string, std::string>& query);
// X-Twilio-Signature: base64(HMAC-SHA1(auth_token, url + name1 value1 name2 value2 ...)) with
// the POST parameters sorted by name. `url` is the full URL Twilio requested, query included;
// it is tried as given and with the default port added or removed, as Twilio's SDKs do.
bool verify_twilio_signature(const std::string& auth_token, std::string_view url,
                             std::string_view form_body, std::string_view signature);
// For JSON-body webhooks: the URL carries bodySHA256=hex(sha256(body)) and is signed alone.
bool verify_twilio_json_signature(const std::string& auth_token, std::string_view url,
                                  std::string_view body, std::string_view signature);

}  // namespace herald::providers
