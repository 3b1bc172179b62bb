#pragma once
// Reason classes: what each one's words look like, what RFC 3463 codes mean, and the order in
// which they are tried.
#include <string>
#include <string_view>

namespace herald::bounce {

// The reason class an enhanced status code names by itself ("5.2.2" -> mailboxfull), or empty
// when the code is generic (x.0.0) or unknown.
std::string status_reason(std::string_view status);

// The status code used when a report gives none: "5.0.9xx" (4.0.9xx for a temporary failure),
// one per reason class; empty for feedback and vacation.
std::string pseudo_status(std::string_view reason, bool temporary);

// Permanent address failures: the address should not be used again.
bool is_hard_bounce(std::string_view reason, std::string_view status, std::string_view reply_code);

}  // namespace herald::bounce
