#pragma once
// Turns an OutgoingEmail into the RFC 5322 message that goes over SMTP (GMime 3).
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "delivery/transport.h"

namespace herald::delivery {

struct BuiltMime {
  std::string headers;  // the top-level header block as it appears in raw, each line ending CRLF
  std::string raw;      // the whole message, CRLF line endings, 7-bit clean
};

// Text bodies are sent in canonical form: every line break becomes CRLF. A body that is all
// ASCII with short lines goes as 7bit, mostly-ASCII text as quoted-printable, else base64.
// Thread-safe; initialises GMime on first use.
BuiltMime build_mime(const OutgoingEmail& email);
// The same with a fixed Date header (milliseconds since the epoch, UTC).
BuiltMime build_mime(const OutgoingEmail& email, TimeMs date);

// The addr-spec of a mailbox: "Shop <shop@example.com>" -> "shop@example.com".
std::string envelope_address(std::string_view mailbox);
// Who an email goes to over SMTP: email.envelope when set (a retry to the recipients still
// due), else to + cc; each address once (compared case-insensitively).
std::vector<std::string> envelope_recipients(const OutgoingEmail& email);

}  // namespace herald::delivery
