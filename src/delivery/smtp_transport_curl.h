#pragma once
// EmailTransport over SMTP with libcurl.
#include <memory>
#include <string>

#include "delivery/transport.h"

namespace herald::delivery {

struct SmtpConfig {
  // smtp://host:port: STARTTLS when the server offers it (then AUTH goes encrypted), plain
  // otherwise; smtps://host:port: implicit TLS.
  std::string url = "smtp://127.0.0.1:25";
  std::string username;  // empty: no AUTH
  std::string password;
  long connect_timeout_ms = 10'000;   // to open the TCP connection
  long greeting_timeout_ms = 10'000;  // from the connection (or smtps' TLS) to the 220 greeting
  long timeout_ms = 60'000;           // per SMTP transaction (one recipient)
  std::string helo_domain;  // the EHLO name (replaces any URL path); empty: this host's name
  // Check the server's certificate and name. Turn off only for a relay on a trusted network
  // with a self-signed certificate (e.g. a local Postfix with Debian's snakeoil cert).
  bool verify_tls = true;
};

// One SMTP session: a single libcurl easy handle whose connection libcurl keeps open between
// messages. Each envelope recipient (to, then cc; duplicates once) gets its own transaction
// (MAIL FROM = return_path, one RCPT, DATA), so its result carries the server's exact reply.
// A rejected transaction makes libcurl (7.88) drop the connection, even with
// CURLOPT_MAIL_RCPT_ALLLOWFAILS (7.88's spelling) when its one RCPT is refused; the next one
// reconnects. NOT thread-safe: each worker thread owns its own instance.
class CurlSmtpTransport final : public EmailTransport {
 public:
  explicit CurlSmtpTransport(SmtpConfig config);
  ~CurlSmtpTransport() override;
  CurlSmtpTransport(const CurlSmtpTransport&) = delete;
  CurlSmtpTransport& operator=(const CurlSmtpTransport&) = delete;

  // Never throws for a recipient's failure: refused, deferred, unreachable relay and the like
  // are reported per recipient.
  EmailSendResult send(const OutgoingEmail& email) override;

 private:
  class Session;
  std::unique_ptr<Session> session_;
};

}  // namespace herald::delivery
