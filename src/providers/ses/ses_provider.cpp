// Amazon SES, through an SNS topic: envelopes are checked against the certificate they name
// (or the pinned one), and a subscription to the topic is confirmed by visiting its
// SubscribeURL on an SNS host.
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "providers/provider.h"
#include "providers/ses/ses_events.h"
#include "providers/ses/sns_certificates.h"

namespace herald::providers {

namespace {

std::string read_pinned(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path);
  if (!in)
    throw Error(ErrorCode::unavailable, "SNS certificate not readable", "",
                "providers.sns_certificate_file: " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class SesProvider final : public Provider {
 public:
  explicit SesProvider(const ProviderContext& c)
      : fetch_(c.fetch),
        certificates_(c.fetch, read_pinned(c.config.providers.get("sns_certificate_file"))) {}

  CallbackResult read_callback(const CallbackRequest& r) override {
    auto envelope = parse_sns(r.body, r.header("x-amz-sns-message-type"));
    if (!verify_sns_signature(envelope.json, certificates_.pem_for(envelope.signing_cert_url)))
      throw refused("bad SNS signature");
    if (envelope.type != "SubscriptionConfirmation") return {parse_ses(r.body), false};
    if (!is_trusted_sns_url(envelope.subscribe_url))
      throw refused("SubscribeURL is not an Amazon SNS URL");
    fetch_(envelope.subscribe_url);
    spdlog::info("providers: confirmed the SNS subscription to {}", envelope.topic_arn);
    return {{}, true};
  }

 private:
  tracking::HttpGet fetch_;
  SnsCertificates certificates_;
};

}  // namespace

std::unique_ptr<Provider> make_ses_provider(const ProviderContext& c) {
  return std::make_unique<SesProvider>(c);
}

}  // namespace herald::providers
