// Kannel: an SMS gateway (smsbox's sendsms) that reports delivery with a GET on our dlr-url.
// The report carries no signature of Kannel's, so the dlr-url Herald gives carries a token
// (kannel_report_token.h) and a report without the right one is refused.
#include "providers/kannel/kannel_events.h"
#include "providers/kannel/kannel_report_token.h"
#include "providers/kannel/kannel_transport.h"
#include "providers/provider.h"

namespace herald::providers {

namespace {

class KannelProvider final : public Provider {
 public:
  explicit KannelProvider(const ProviderContext& c)
      : public_url_(c.config.server.public_url), secret_(c.sms_report_secret) {
    transport_.url = c.config.sms.url;
    transport_.username = c.config.sms.username;
    transport_.password = c.config.sms.password;
  }

  bool callback_is_get() const override { return true; }

  CallbackResult read_callback(const CallbackRequest& r) override {
    // 404, as for a forged tracking link: the address was never one Herald handed out.
    const auto id = r.query.find("id");
    const auto sig = r.query.find("sig");
    if (id == r.query.end() || sig == r.query.end() ||
        !kannel_report_token_matches(secret_, id->second, sig->second))
      throw Error(ErrorCode::not_found, "no such delivery report address", "sig");
    return {parse_kannel(r.query), false};
  }

  std::unique_ptr<delivery::SmsTransport> make_sms_transport() const override {
    return std::make_unique<CurlKannelTransport>(transport_);
  }

  std::string sends_to(domain::Channel) const override {
    return "Kannel sendsms " + transport_.url;
  }

  std::string sms_status_url(const std::string& herald_id) const override {
    return kannel_status_url(public_url_, herald_id, kannel_report_token(secret_, herald_id));
  }

 private:
  KannelConfig transport_;
  std::string public_url_;
  std::string secret_;
};

}  // namespace

std::string kannel_status_url(const std::string& public_url, const std::string& herald_id,
                              const std::string& token) {
  // Kannel fills in %d (report type), %A (SMSC answer) and %T (time) when it calls back.
  return public_url + "/v1/providers/kannel/events?id=" + herald_id + "&sig=" + token +
         "&type=%d&answer=%A&at=%T";
}

std::unique_ptr<Provider> make_kannel_provider(const ProviderContext& c) {
  return std::make_unique<KannelProvider>(c);
}

}  // namespace herald::providers
