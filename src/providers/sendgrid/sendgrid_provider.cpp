// SendGrid's signed event webhook.
#include "providers/provider.h"
#include "providers/sendgrid/sendgrid_events.h"

namespace herald::providers {

namespace {

class SendgridProvider final : public Provider {
 public:
  explicit SendgridProvider(const ProviderContext& c)
      : key_(c.config.providers.get("sendgrid_public_key")) {}

  CallbackResult read_callback(const CallbackRequest& r) override {
    if (key_.empty()) throw refused("SendGrid verification key is not configured");
    if (!verify_sendgrid_signature(key_, r.header("X-Twilio-Email-Event-Webhook-Timestamp"), r.body,
                                   r.header("X-Twilio-Email-Event-Webhook-Signature")))
      throw refused("bad SendGrid signature");
    return {parse_sendgrid(r.body), false};
  }

 private:
  std::string key_;
};

}  // namespace

std::unique_ptr<Provider> make_sendgrid_provider(const ProviderContext& c) {
  return std::make_unique<SendgridProvider>(c);
}

}  // namespace herald::providers
