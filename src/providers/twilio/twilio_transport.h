#pragma once
// SmsTransport through Twilio's Messages API (or a compatible one), with libcurl.
#include <string>

#include "delivery/transport.h"

namespace herald::providers {

struct TwilioConfig {
  std::string account_sid;
  std::string auth_token;
  // A Twilio number or alphanumeric sender id; a Messaging Service sid ("MG...") is sent as
  // MessagingServiceSid instead. Empty: the OutgoingSms's own `from`.
  std::string from;
  std::string api_base = "https://api.twilio.com";
  // Used when an OutgoingSms has no dlr_url: StatusCallback = this + "?id=<herald id>",
  // e.g. "https://herald.example.com/v1/providers/twilio/events". Empty: no callbacks.
  std::string status_callback_base;
  long timeout_ms = 10'000;
};

// The form body of the POST: To, From (or MessagingServiceSid), Body, StatusCallback.
std::string twilio_form(const TwilioConfig& config, const delivery::OutgoingSms& sms);

// POST {api_base}/2010-04-01/Accounts/{sid}/Messages.json with basic auth sid:token.
// 201 -> sent, detail = Twilio's message sid ("SM..."); 429, 5xx or no answer -> deferred;
// other 4xx -> failed, or bounced when Twilio's error code says the number itself is bad
// (21211 invalid, 21614 not a mobile, 21610 unsubscribed), with the code in plain words.
// smtp_code holds the HTTP status. NOT thread-safe: each worker owns its instance.
class CurlTwilioTransport final : public delivery::SmsTransport {
 public:
  explicit CurlTwilioTransport(TwilioConfig config);
  ~CurlTwilioTransport() override;
  CurlTwilioTransport(const CurlTwilioTransport&) = delete;
  CurlTwilioTransport& operator=(const CurlTwilioTransport&) = delete;

  domain::RecipientResult send(const delivery::OutgoingSms& sms) override;

 private:
  TwilioConfig config_;
  void* curl_;  // CURL*, kept out of this header
};

}  // namespace herald::providers
