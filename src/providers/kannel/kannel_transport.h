#pragma once
// SmsTransport through Kannel's sendsms HTTP interface (smsbox), with libcurl.
#include <memory>
#include <string>

#include "delivery/transport.h"

namespace herald::providers {

struct KannelConfig {
  std::string url = "http://127.0.0.1:13013/cgi-bin/sendsms";
  std::string username;  // a sendsms-user of smsbox
  std::string password;
  long timeout_ms = 10'000;
};

// The sendsms query string (no leading '?'): username, password, from (when set), to, text,
// charset=UTF-8, coding=2 when the text is not GSM 7-bit, and dlr-mask=31 with dlr-url when a
// dlr-url is set. Every value is URL-encoded once, so Kannel's own escapes in the dlr-url
// (%d, %A, %T) reach Kannel intact.
std::string kannel_query(const KannelConfig& config, const delivery::OutgoingSms& sms);

// Kannel answers 202 "0: Accepted for delivery" (or "3: Queued for later delivery"), or 200
// "Sent." -> sent; 4xx -> failed (the body says why); 5xx or no answer -> deferred
// (networkerror): a refused connection, or one closed without an answer, which is what
// smsbox does when a sendsms comes before it has connected to bearerbox. The result's smtp_code
// holds the HTTP status, detail the body or the error. One libcurl handle, reused across messages.
// NOT thread-safe: each worker owns its instance.
class CurlKannelTransport final : public delivery::SmsTransport {
 public:
  explicit CurlKannelTransport(KannelConfig config);
  ~CurlKannelTransport() override;
  CurlKannelTransport(const CurlKannelTransport&) = delete;
  CurlKannelTransport& operator=(const CurlKannelTransport&) = delete;

  domain::RecipientResult send(const delivery::OutgoingSms& sms) override;

 private:
  KannelConfig config_;
  void* curl_;  // CURL*, kept out of this header
};

}  // namespace herald::providers
