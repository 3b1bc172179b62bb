// The SMTP relay at email.smtp_url (libcurl): email.transport = "smtp", the default. Its
// reports come back as bounces (POST /v1/bounces, herald bounce ingest), not as callbacks.
#include "delivery/mime_builder.h"
#include "delivery/smtp_transport_curl.h"
#include "providers/provider.h"

namespace herald::providers {

namespace {

class SmtpProvider final : public Provider {
 public:
  explicit SmtpProvider(const ProviderContext& c) {
    const auto& email = c.config.email;
    smtp_.url = email.smtp_url;
    smtp_.username = email.username;
    smtp_.password = email.password;
    smtp_.verify_tls = email.verify_tls;
    smtp_.connect_timeout_ms = email.connect_timeout_seconds * 1000L;
    smtp_.greeting_timeout_ms = email.greeting_timeout_seconds * 1000L;
    const auto address = delivery::envelope_address(email.default_from);
    const auto at = address.rfind('@');
    smtp_.helo_domain = at == std::string::npos ? "localhost" : address.substr(at + 1);
  }

  CallbackResult read_callback(const CallbackRequest&) override {
    throw not_found("provider callback");
  }

  std::unique_ptr<delivery::EmailTransport> make_email_transport() const override {
    return std::make_unique<delivery::CurlSmtpTransport>(smtp_);
  }

  std::string sends_to(domain::Channel) const override { return "SMTP relay " + smtp_.url; }

 private:
  delivery::SmtpConfig smtp_;
};

}  // namespace

std::unique_ptr<Provider> make_smtp_provider(const ProviderContext& c) {
  return std::make_unique<SmtpProvider>(c);
}

}  // namespace herald::providers
