#pragma once
// Reason classes (the vocabulary of corpus/bounces/README.md: userunknown, mailboxfull,
// blocked, ...): what RFC 3463 codes name, which reasons mean the address is gone, and each
// one in plain words. Send time, bounce reports and provider callbacks all use these.
#include <string>
#include <string_view>

namespace herald::domain {

// The reason class an enhanced status code names by itself ("5.2.2" -> mailboxfull), or empty
// when the code is generic (x.0.0) or unknown.
std::string status_reason(std::string_view status);

// The status code used when a report gives none: "5.0.9xx" (4.0.9xx for a temporary failure),
// one per reason class; empty for feedback and vacation.
std::string pseudo_status(std::string_view reason, bool temporary);

// Classes a code names only roughly (securityerror, systemerror, networkerror, contenterror):
// the server's words, when they name a class, say more.
bool is_vague_reason(std::string_view reason);

// The one hard/soft rule, for send time, bounce reports and provider callbacks: a reason that
// says the address itself is gone, so sending again cannot succeed and the address is
// suppressed (userunknown, hostunknown, hasmoved, suppressed; notaccept unless the server said
// "try later": `temporary` is a 4xx reply or a 4.x.x code).
bool is_hard_reason(std::string_view reason, bool temporary = false);

// Plain words for a support agent, e.g. "The recipient's mailbox is full".
std::string describe_reason(std::string_view reason);

}  // namespace herald::domain
