// Kannel: an SMS gateway (smsbox's sendsms) that reports delivery with a GET on our dlr-url.
// The report carries no signature.
#include "providers/kannel/kannel_events.h"
#include "providers/kannel/kannel_transport.h"
#include "providers/provider.h"

namespace herald::providers {

namespace {

class KannelProvider final : public Provider {
 public:
  explicit KannelProvider(const ProviderContext& c) : public_url_(c.config.server.public_url) {
    transport_.url = c.config.sms.url;
    transport_.username = c.config.sms.username;
    transport_.password = c.config.sms.password;
  }

  bool callback_is_get() const override { return true; }

  CallbackResult read_callback(const CallbackRequest& r) override {
    return {parse_kannel(r.query), false};
  }

  std::unique_ptr<delivery::SmsTransport> make_sms_transport() const override {
    return std::make_unique<CurlKannelTransport>(transport_);
  }

  std::string sms_status_url(const std::string& herald_id) const override {
    return kannel_status_url(public_url_, herald_id);
  }

 private:
  KannelConfig transport_;
  std::string public_url_;
};

}  // namespace

std::string kannel_status_url(const std::string& public_url, const std::string& herald_id) {
  // Kannel fills in %d (report type), %A (SMSC answer) and %T (time) when it calls back.
  return public_url + "/v1/providers/kannel/events?id=" + herald_id + "&type=%d&answer=%A&at=%T";
}

std::unique_ptr<Provider> make_kannel_provider(const ProviderContext& c) {
  return std::make_unique<KannelProvider>(c);
}

}  // namespace herald::providers
