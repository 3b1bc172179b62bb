// Postmark signs nothing: its webhook URL carries HTTP basic auth credentials.
#include "common/ids.h"
#include "providers/postmark/postmark_events.h"
#include "providers/provider.h"
#include "tracking/codec.h"

namespace herald::providers {

namespace {

class PostmarkProvider final : public Provider {
 public:
  explicit PostmarkProvider(const ProviderContext& c)
      : user_(c.config.providers.get("postmark_username")),
        password_(c.config.providers.get("postmark_password")) {}

  CallbackResult read_callback(const CallbackRequest& r) override {
    if (user_.empty()) throw refused("Postmark webhook credentials are not configured");
    const std::string expected = "Basic " + tracking::base64_encode(user_ + ":" + password_);
    if (!constant_time_equal(r.header("Authorization"), expected)) throw refused("bad credentials");
    return {parse_postmark(r.body), false};
  }

 private:
  std::string user_, password_;
};

}  // namespace

std::unique_ptr<Provider> make_postmark_provider(const ProviderContext& c) {
  return std::make_unique<PostmarkProvider>(c);
}

}  // namespace herald::providers
