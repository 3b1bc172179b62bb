// Twilio: an SMS gateway (the Messages API) whose status callbacks carry X-Twilio-Signature.
#include "providers/provider.h"
#include "providers/twilio/twilio_events.h"
#include "providers/twilio/twilio_transport.h"

namespace herald::providers {

namespace {

// [sms] for Twilio: username = account SID, password = auth token, url = the API base
// (https://api.twilio.com unless it still names Kannel's default sendsms URL).
TwilioConfig transport_config(const config::Config& cfg) {
  TwilioConfig t;
  t.account_sid = cfg.sms.username;
  t.auth_token = cfg.sms.password;
  t.from = cfg.sms.sender;
  if (cfg.sms.url.find("/cgi-bin/sendsms") == std::string::npos) t.api_base = cfg.sms.url;
  return t;
}

// The callbacks are signed with the account's auth token: the configured one, or the one
// that sends when Twilio is the SMS gateway.
std::string auth_token(const config::Config& cfg) {
  auto token = cfg.providers.get("twilio_auth_token");
  if (token.empty() && cfg.sms.provider == "twilio") token = cfg.sms.password;
  return token;
}

class TwilioProvider final : public Provider {
 public:
  explicit TwilioProvider(const ProviderContext& c)
      : transport_(transport_config(c.config)),
        token_(auth_token(c.config)),
        public_url_(c.config.server.public_url) {}

  CallbackResult read_callback(const CallbackRequest& r) override {
    if (token_.empty()) throw refused("Twilio auth token is not configured");
    if (!verify_twilio_signature(token_, r.url, r.body, r.header("X-Twilio-Signature")))
      throw refused("bad X-Twilio-Signature");
    return {parse_twilio(r.body, r.query), false};
  }

  std::unique_ptr<delivery::SmsTransport> make_sms_transport() const override {
    return std::make_unique<CurlTwilioTransport>(transport_);
  }

  std::string sends_to(domain::Channel) const override { return "Twilio " + transport_.api_base; }

  std::string sms_status_url(const std::string& herald_id) const override {
    return public_url_ + "/v1/providers/twilio/events?id=" + herald_id;
  }

 private:
  TwilioConfig transport_;
  std::string token_;
  std::string public_url_;
};

}  // namespace

std::unique_ptr<Provider> make_twilio_provider(const ProviderContext& c) {
  return std::make_unique<TwilioProvider>(c);
}

}  // namespace herald::providers
