#pragma once
// Kannel's delivery reports carry no signature of their own, so Herald signs the dlr-url it
// hands Kannel: the token binds one message id to the server's secret. A report whose token
// does not match its id was not addressed by Herald to Kannel for that SMS and is refused.
#include <string>
#include <string_view>

namespace herald::providers {

// Base64url (no padding) of a 128-bit HMAC-SHA256 tag over the message id.
// Throws std::invalid_argument for an empty secret or an empty id.
std::string kannel_report_token(const std::string& secret, std::string_view herald_id);

// True only when `token` is exactly what kannel_report_token gives for this secret and id;
// the tag is compared in constant time. An empty secret, id or token never matches.
bool kannel_report_token_matches(const std::string& secret, std::string_view herald_id,
                                 std::string_view token);

}  // namespace herald::providers
