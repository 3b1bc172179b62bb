// Provider callbacks: each goes through its provider's callback check, as the endpoint
// /v1/providers/{name}/events runs it, and then straight to its parser, whose input a fuzzer
// could otherwise reach only past a signature.
#include <map>
#include <string>

#include "common/clock.h"
#include "common/error.h"
#include "common/url.h"
#include "config/config.h"
#include "entries/entries.h"
#include "providers/kannel/kannel_events.h"
#include "providers/mailgun/mailgun_events.h"
#include "providers/postmark/postmark_events.h"
#include "providers/registry.h"
#include "providers/sendgrid/sendgrid_events.h"
#include "providers/ses/ses_events.h"
#include "providers/twilio/twilio_events.h"

namespace herald::fuzz {

namespace {

// The secrets the seeds of fuzz/corpus/ were signed with (fuzz/make_seeds.py).
constexpr const char* kMailgunKey = "fuzz-mailgun-key";
constexpr const char* kKannelSecret = "fuzz-kannel-secret";
constexpr TimeMs kNow = 1'780'000'000'000;  // the seeds' mailgun timestamps are near this
// A real P-256 key (SendGrid's documentation example), so that the ECDSA check runs.
constexpr const char* kSendgridKey =
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62gw+"
    "2fNNRaINXvVpiglSI8eNEc6wEA3F+g==";

template <typename F>
void refusals_expected(F&& f) {
  try {
    f();
  } catch (const Error&) {
  }
}

// One callback through the registered provider, built anew so that no replay memory carries
// over from one input to the next.
void callback(std::string_view name, std::string_view body,
              const std::map<std::string, std::string>& query, const std::string& url = {}) {
  config::Config config;
  config.providers.values = {{"mailgun_signing_key", kMailgunKey},
                             {"sendgrid_public_key", kSendgridKey},
                             {"postmark_username", "hooks"},
                             {"postmark_password", "secret"},
                             {"twilio_auth_token", "fuzz-twilio-token"}};
  ManualClock clock(kNow);
  const auto unreachable = [](const std::string&) -> std::string {
    throw Error(ErrorCode::unavailable, "no network while fuzzing");
  };
  providers::ProviderContext context{config, clock, unreachable, kKannelSecret};
  const auto headers = [](std::string_view header) -> std::string {
    if (header == "Authorization") return "Basic aG9va3M6c2VjcmV0";  // hooks:secret
    if (header == "x-amz-sns-message-type") return "Notification";
    if (header == "X-Twilio-Email-Event-Webhook-Timestamp") return "1780000000";
    return "c2lnbmF0dXJl";
  };
  refusals_expected([&] {
    auto provider = providers::find_registration(name)->make(context);
    (void)provider->read_callback({body, query, headers, url});
  });
}

std::string_view text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

const std::map<std::string, std::string> kNoQuery;

}  // namespace

int ses(const uint8_t* data, size_t size) {
  callback("ses", text(data, size), kNoQuery);
  refusals_expected([&] { (void)providers::parse_ses(text(data, size)); });
  refusals_expected([&] {
    const auto envelope = providers::parse_sns(text(data, size));
    (void)providers::is_trusted_sns_cert_url(envelope.signing_cert_url);
    (void)providers::is_trusted_sns_url(envelope.subscribe_url);
  });
  return 0;
}

int sendgrid(const uint8_t* data, size_t size) {
  callback("sendgrid", text(data, size), kNoQuery);
  refusals_expected([&] { (void)providers::parse_sendgrid(text(data, size)); });
  return 0;
}

int mailgun(const uint8_t* data, size_t size) {
  callback("mailgun", text(data, size), kNoQuery);
  refusals_expected([&] { (void)providers::parse_mailgun(text(data, size)); });
  return 0;
}

int postmark(const uint8_t* data, size_t size) {
  callback("postmark", text(data, size), kNoQuery);
  refusals_expected([&] { (void)providers::parse_postmark(text(data, size)); });
  return 0;
}

int twilio(const uint8_t* data, size_t size) {
  const auto in = split(data, size, '\n');
  const auto query_text = in.head, form = in.tail;
  const auto query = parse_query(query_text);
  callback("twilio", form, query,
           "https://herald.example/v1/providers/twilio/events?" + std::string(query_text));
  refusals_expected([&] { (void)providers::parse_twilio(form, query); });
  refusals_expected([&] {
    (void)providers::verify_twilio_json_signature("fuzz-twilio-token", query_text, form, "c2ln");
  });
  return 0;
}

int kannel(const uint8_t* data, size_t size) {
  const auto query = parse_query(text(data, size));
  callback("kannel", {}, query);
  refusals_expected([&] { (void)providers::parse_kannel(query); });
  return 0;
}

}  // namespace herald::fuzz
