#pragma once
// What a provider's callback says happened to a message, in one shape for every provider
// (SES, SendGrid, Mailgun, Postmark, Twilio, Kannel). The parsers in providers/<name>/
// produce these; the caller matches them to messages and records them on the timeline.
#include <cstdint>
#include <string>

namespace herald::tracking {

struct DeliveryEvent {
  // Herald's message id when the payload carries it: our custom argument / metadata /
  // user-variable `herald_id`, the `id` query parameter of an SMS status URL, the
  // X-Herald-Message-Id header, or the local part of a Message-ID "<id@domain>" when it is a
  // Herald id (a ULID). Empty when the payload does not say.
  std::string herald_id;
  std::string provider_message_id;  // the provider's own id (SES messageId, sg_message_id, ...)
  std::string message_id_header;    // the Message-ID header without angle brackets, if known
  std::string recipient;            // address or phone number; empty when the provider omits it
  // A message status of contract §5 where one fits: sent, delivered, deferred, bounced,
  // failed, suppressed (not sent: the provider's suppression list), complained, undelivered,
  // opened, clicked, queued; otherwise unsubscribed, subscribed, autoreply.
  std::string type;
  int smtp_code = 0;                // SMTP reply code when the provider reports one
  std::string enhanced_code;        // RFC 3463 status ("5.1.1") when known
  std::string reason;               // bounce reason class (corpus/bounces/README.md), may be empty
  bool hard_bounce = false;         // the address should not be used again
  std::string detail;               // the provider's or the receiving server's own words
  std::string url;                  // the link, for clicks
  std::int64_t at_ms = 0;           // when it happened (Unix ms); 0 when the provider does not say
  std::string provider_error_code;  // e.g. Twilio "30003", Mailgun 605, Kannel "err:" value
};

}  // namespace herald::tracking
