#pragma once
// The providers Herald knows, by name: the callback endpoints /v1/providers/{name}/events,
// the SMS gateway named by sms.provider, the email transport named by email.transport, and
// the [providers] settings each one reads.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "providers/provider.h"

namespace herald::providers {

struct Registration {
  std::string_view name;
  std::vector<std::string_view> settings;  // keys of the [providers] section it reads
  bool sends_sms = false;
  std::unique_ptr<Provider> (*make)(const ProviderContext&);
  bool sends_email = false;   // email.transport may name it
  bool has_callbacks = true;  // answers /v1/providers/{name}/events
};

const std::vector<Registration>& registrations();
// nullptr for a name nobody registered.
const Registration* find_registration(std::string_view name);
// Every [providers] key any provider reads (for environment overrides).
std::vector<std::string> setting_keys();
// The SMS gateway sms.provider names; Error(bad_request, "sms.provider") when it is none.
const Registration& sms_gateway(std::string_view name);
// The email transport email.transport names; Error(bad_request, "email.transport") when none.
const Registration& email_transport(std::string_view name);

}  // namespace herald::providers
