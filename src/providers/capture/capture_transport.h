#pragma once
// Capture: email and SMS that are recorded as sent and never leave the machine, the way a
// developer's mail catcher (Mailpit) works. What was "sent" is read in Herald's own log: the
// API and the pages show every message with the headers, body or text it would have had.
#include "delivery/transport.h"

namespace herald::providers {

// Each envelope recipient (to, then cc; or the envelope when given; duplicates once) is
// answered `sent`; the headers are those the SMTP transport would have sent.
class CaptureEmailTransport final : public delivery::EmailTransport {
 public:
  delivery::EmailSendResult send(const delivery::OutgoingEmail& email) override;
};

class CaptureSmsTransport final : public delivery::SmsTransport {
 public:
  domain::RecipientResult send(const delivery::OutgoingSms& sms) override;
};

// The detail each captured recipient's timeline entry carries.
inline constexpr const char* kCapturedDetail =
    "captured: kept in Herald's log only, nothing left this machine";

}  // namespace herald::providers
