// The capture provider: email.transport = "capture" and/or sms.provider = "capture". What
// `make run` uses unless a relay is configured, so a first run sends nothing anywhere.
#include "providers/capture/capture_transport.h"
#include "providers/provider.h"

namespace herald::providers {

namespace {

class CaptureProvider final : public Provider {
 public:
  CallbackResult read_callback(const CallbackRequest&) override {
    throw not_found("provider callback");
  }

  std::unique_ptr<delivery::EmailTransport> make_email_transport() const override {
    return std::make_unique<CaptureEmailTransport>();
  }

  std::unique_ptr<delivery::SmsTransport> make_sms_transport() const override {
    return std::make_unique<CaptureSmsTransport>();
  }

  std::string sends_to(domain::Channel channel) const override {
    return channel == domain::Channel::email
               ? "capture (nothing leaves this machine; set [email] transport = \"smtp\" and "
                 "smtp_url to send through a relay)"
               : "capture (nothing leaves this machine; set [sms] provider = \"kannel\" or "
                 "\"twilio\" and url to send through a gateway)";
  }
};

}  // namespace

std::unique_ptr<Provider> make_capture_provider(const ProviderContext&) {
  return std::make_unique<CaptureProvider>();
}

}  // namespace herald::providers
