#include "providers/registry.h"

#include <string>

namespace herald::providers {

// One line per provider: its folder defines the factory.
std::unique_ptr<Provider> make_ses_provider(const ProviderContext&);
std::unique_ptr<Provider> make_sendgrid_provider(const ProviderContext&);
std::unique_ptr<Provider> make_mailgun_provider(const ProviderContext&);
std::unique_ptr<Provider> make_postmark_provider(const ProviderContext&);
std::unique_ptr<Provider> make_twilio_provider(const ProviderContext&);
std::unique_ptr<Provider> make_kannel_provider(const ProviderContext&);
std::unique_ptr<Provider> make_smtp_provider(const ProviderContext&);
std::unique_ptr<Provider> make_capture_provider(const ProviderContext&);

const std::vector<Registration>& registrations() {
  static const std::vector<Registration> all = {
      {"ses", {"sns_certificate_file"}, false, make_ses_provider},
      {"sendgrid", {"sendgrid_public_key"}, false, make_sendgrid_provider},
      {"mailgun", {"mailgun_signing_key"}, false, make_mailgun_provider},
      {"postmark", {"postmark_username", "postmark_password"}, false, make_postmark_provider},
      {"twilio", {"twilio_auth_token"}, true, make_twilio_provider},
      {"kannel", {}, true, make_kannel_provider},
      {"smtp", {}, false, make_smtp_provider, true, false},
      {"capture", {}, true, make_capture_provider, true, false},
  };
  return all;
}

const Registration* find_registration(std::string_view name) {
  for (const auto& r : registrations())
    if (r.name == name) return &r;
  return nullptr;
}

std::vector<std::string> setting_keys() {
  std::vector<std::string> keys;
  for (const auto& r : registrations())
    for (auto key : r.settings) keys.emplace_back(key);
  return keys;
}

namespace {
const Registration& choose(std::string_view name, bool Registration::*can, const char* key) {
  if (const auto* r = find_registration(name); r && r->*can) return *r;
  std::string known;
  for (const auto& r : registrations())
    if (r.*can) known += std::string(known.empty() ? "\"" : " or \"") + std::string(r.name) + "\"";
  throw bad_request(std::string(key) + " must be " + known, key);
}
}  // namespace

const Registration& sms_gateway(std::string_view name) {
  return choose(name, &Registration::sends_sms, "sms.provider");
}

const Registration& email_transport(std::string_view name) {
  return choose(name, &Registration::sends_email, "email.transport");
}

}  // namespace herald::providers
