// Mailgun's signed webhooks; a signature is accepted once, and only near our clock.
#include <cstdlib>

#include "providers/mailgun/mailgun_events.h"
#include "providers/provider.h"
#include "tracking/replay_guard.h"

namespace herald::providers {

namespace {

// How far a Mailgun signature's timestamp may be from our clock (either way).
constexpr TimeMs kMailgunWindowMs = 15 * 60 * 1000;

class MailgunProvider final : public Provider {
 public:
  explicit MailgunProvider(const ProviderContext& c)
      : key_(c.config.providers.get("mailgun_signing_key")), replays_(c.clock, kMailgunWindowMs) {}

  CallbackResult read_callback(const CallbackRequest& r) override {
    if (key_.empty()) throw refused("Mailgun signing key is not configured");
    if (!verify_mailgun_signature(key_, r.body)) throw refused("bad Mailgun signature");
    const auto sig = read_mailgun_signature(r.body);
    char* end = nullptr;
    const long long seconds = std::strtoll(sig.timestamp.c_str(), &end, 10);
    if (end == sig.timestamp.c_str() || *end != '\0' || !replays_.accept(sig.token, seconds * 1000))
      throw refused("Mailgun signature replayed or signed too long ago");
    return {parse_mailgun(r.body), false};
  }

 private:
  std::string key_;
  tracking::ReplayGuard replays_;
};

}  // namespace

std::unique_ptr<Provider> make_mailgun_provider(const ProviderContext& c) {
  return std::make_unique<MailgunProvider>(c);
}

}  // namespace herald::providers
