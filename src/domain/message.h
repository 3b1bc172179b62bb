#pragma once
// The vocabulary of the message log: channels, statuses, and what a transport reports back.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "domain/reasons.h"

namespace herald::domain {

enum class Channel { email, sms };

enum class MessageStatus {
  queued,
  sent,
  delivered,
  opened,
  clicked,
  deferred,
  bounced,
  failed,
  suppressed,
  complained,
  undelivered,
};

std::string_view to_string(Channel c);
std::optional<Channel> parse_channel(std::string_view s);
std::string_view to_string(MessageStatus s);
std::optional<MessageStatus> parse_status(std::string_view s);

// What happened to one recipient on one delivery attempt.
enum class Outcome {
  sent,      // accepted by the relay / gateway
  deferred,  // temporary failure: retry later
  bounced,   // the address failed permanently
  failed,    // could not be sent (no retry helps, or retries exhausted)
};
std::string_view to_string(Outcome o);

struct RecipientResult {
  std::string address;
  Outcome outcome = Outcome::failed;
  int smtp_code = 0;          // SMTP reply code or HTTP status of the gateway; 0 if none
  std::string enhanced_code;  // RFC 3463, e.g. "5.1.1"; empty if none
  std::string reason;         // bounce reason class (userunknown, mailboxfull, ...); may be empty
  std::string detail;         // the server's own words
};

}  // namespace herald::domain
