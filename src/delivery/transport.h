#pragma once
// What varies in delivery: the SMTP relay and the SMS gateway. One implementation per file
// (smtp_transport_curl.cpp, kannel_transport.cpp); tests substitute fakes.
#include <string>
#include <vector>

#include "domain/message.h"

namespace herald::delivery {

// A message to send by email, already rendered.
struct OutgoingEmail {
  std::string herald_id;  // Herald's message id; goes into Message-ID and the return path
  std::string from;       // "Shop <shop@example.com>" or a bare address
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::string reply_to;  // optional
  std::string subject;
  std::string html;  // optional; when both html and text are set: multipart/alternative
  std::string text;
  std::string message_id;   // full Message-ID value without angle brackets
  std::string return_path;  // envelope sender (MAIL FROM), VERP-style, identifies the message
  // Envelope recipients when not every header recipient is due (a retry after some were
  // delivered); empty means to + cc.
  std::vector<std::string> envelope;
};

struct EmailSendResult {
  std::string headers;                              // the header block exactly as sent
  std::vector<domain::RecipientResult> recipients;  // one per envelope recipient, in order
  // Why no SMTP session could be opened with the relay (no connection, no greeting, a refused
  // greeting); empty when the relay greeted, whatever it then said.
  std::string relay_unreachable;
};

class EmailTransport {
 public:
  virtual ~EmailTransport() = default;
  // Never throws for a recipient's failure: each is reported in its RecipientResult.
  virtual EmailSendResult send(const OutgoingEmail& email) = 0;
};

struct OutgoingSms {
  std::string herald_id;
  std::string from;  // sender name or number
  std::string to;    // E.164
  std::string text;
  std::string dlr_url;  // where the gateway reports delivery; empty for none
};

class SmsTransport {
 public:
  virtual ~SmsTransport() = default;
  virtual domain::RecipientResult send(const OutgoingSms& sms) = 0;
};

}  // namespace herald::delivery
