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

const std::vector<Registration>& registrations() {
  static const std::vector<Registration> all = {
      {"ses", {"sns_certificate_file"}, false, make_ses_provider},
      {"sendgrid", {"sendgrid_public_key"}, false, make_sendgrid_provider},
      {"mailgun", {"mailgun_signing_key"}, false, make_mailgun_provider},
      {"postmark", {"postmark_username", "postmark_password"}, false, make_postmark_provider},
      {"twilio", {"twilio_auth_token"}, true, make_twilio_provider},
      {"kannel", {}, true, make_kannel_provider},
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

const Registration& sms_gateway(std::string_view name) {
  if (const auto* r = find_registration(name); r && r->sends_sms) return *r;
  std::string known;
  for (const auto& r : registrations())
    if (r.sends_sms)
      known += std::string(known.empty() ? "\"" : " or \"") + std::string(r.name) + "\"";
  throw bad_request("sms.provider must be " + known, "sms.provider");
}

}  // namespace herald::providers
