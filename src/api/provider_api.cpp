// Provider callbacks (contract §6):
// /v1/providers/{ses|sendgrid|mailgun|postmark|twilio|kannel}/events. Each is verified the way its
// provider signs and parsed into DeliveryEvents; the report service matches and records them.
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "api/routes.h"
#include "common/error.h"
#include "common/ids.h"
#include "feedback/report_sources.h"
#include "tracking/codec.h"
#include "tracking/providers.h"
#include "tracking/replay_guard.h"
#include "tracking/sns_certificates.h"

namespace herald::api {

namespace {
Error unauthorized(const std::string& why) {
  return Error(ErrorCode::unauthorized, why, "signature");
}

feedback::ReportCounts record(ApiContext& ctx, const std::string& provider,
                              const std::vector<tracking::DeliveryEvent>& events) {
  return feedback::record_provider_events(ctx.reports, provider, events);
}

void answer(http::Respond& respond, feedback::ReportCounts counts) {
  respond(http::json_response(http::bhttp::status::ok,
                              {{"matched", counts.matched}, {"unmatched", counts.unmatched}}));
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw Error(ErrorCode::unavailable, "SNS certificate not readable", "",
                "providers.sns_certificate_file: " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// SNS envelopes are checked against the certificate they name (or the pinned one); a
// subscription to the topic is confirmed by visiting its SubscribeURL on an SNS host.
// Answers true when the body was a subscription confirmation (nothing else to record).
bool verify_sns(tracking::SnsCertificates& certificates, const tracking::HttpGet& get,
                const http::Request& req) {
  auto envelope = tracking::parse_sns(req.body(), req.header("x-amz-sns-message-type"));
  if (!tracking::verify_sns_signature(envelope.json,
                                      certificates.pem_for(envelope.signing_cert_url)))
    throw unauthorized("bad SNS signature");
  if (envelope.type != "SubscriptionConfirmation") return false;
  if (!tracking::is_trusted_sns_url(envelope.subscribe_url))
    throw unauthorized("SubscribeURL is not an Amazon SNS URL");
  get(envelope.subscribe_url);
  spdlog::info("providers: confirmed the SNS subscription to {}", envelope.topic_arn);
  return true;
}

void verify_basic_auth(const http::Request& req, const std::string& user,
                       const std::string& password) {
  if (user.empty()) throw unauthorized("Postmark webhook credentials are not configured");
  const std::string expected = "Basic " + tracking::base64_encode(user + ":" + password);
  if (!constant_time_equal(req.header(http::bhttp::field::authorization), expected))
    throw unauthorized("bad credentials");
}

std::string twilio_token(const config::Config& cfg) {
  if (!cfg.providers.twilio_auth_token.empty()) return cfg.providers.twilio_auth_token;
  return cfg.sms.provider == "twilio" ? cfg.sms.password : "";
}
}  // namespace

// How far a Mailgun signature's timestamp may be from our clock (either way).
constexpr TimeMs kMailgunWindowMs = 15 * 60 * 1000;

void add_provider_routes(http::Router& router, ApiContext& ctx) {
  using http::bhttp::verb;
  const tracking::HttpGet fetch = tracking::curl_http_get();
  const auto& pinned = ctx.config.providers.sns_certificate_file;
  auto sns_certificates = std::make_shared<tracking::SnsCertificates>(
      fetch, pinned.empty() ? std::string() : read_file(pinned));
  router.add(verb::get, "/v1/providers/kannel/events",
             [&ctx](http::Request& req, http::Respond respond) {
               answer(respond, record(ctx, "kannel", tracking::parse_kannel(req.query)));
             });
  router.add(
      verb::post, "/v1/providers/ses/events",
      [&ctx, sns_certificates, fetch](http::Request& req, http::Respond respond) {
        if (verify_sns(*sns_certificates, fetch, req)) {
          respond(http::json_response(http::bhttp::status::ok,
                                      {{"matched", 0}, {"unmatched", 0}, {"confirmed", true}}));
          return;
        }
        answer(respond, record(ctx, "ses", tracking::parse_ses(req.body())));
      });
  router.add(verb::post, "/v1/providers/sendgrid/events",
             [&ctx](http::Request& req, http::Respond respond) {
               const auto& key = ctx.config.providers.sendgrid_public_key;
               if (key.empty()) throw unauthorized("SendGrid verification key is not configured");
               if (!tracking::verify_sendgrid_signature(
                       key, req.header("X-Twilio-Email-Event-Webhook-Timestamp"), req.body(),
                       req.header("X-Twilio-Email-Event-Webhook-Signature")))
                 throw unauthorized("bad SendGrid signature");
               answer(respond, record(ctx, "sendgrid", tracking::parse_sendgrid(req.body())));
             });
  auto mailgun_replays = std::make_shared<tracking::ReplayGuard>(ctx.clock, kMailgunWindowMs);
  router.add(verb::post, "/v1/providers/mailgun/events",
             [&ctx, mailgun_replays](http::Request& req, http::Respond respond) {
               const auto& key = ctx.config.providers.mailgun_signing_key;
               if (key.empty()) throw unauthorized("Mailgun signing key is not configured");
               if (!tracking::verify_mailgun_signature(key, req.body()))
                 throw unauthorized("bad Mailgun signature");
               const auto sig = tracking::read_mailgun_signature(req.body());
               char* end = nullptr;
               const long long seconds = std::strtoll(sig.timestamp.c_str(), &end, 10);
               if (end == sig.timestamp.c_str() || *end != '\0' ||
                   !mailgun_replays->accept(sig.token, seconds * 1000))
                 throw unauthorized("Mailgun signature replayed or signed too long ago");
               answer(respond, record(ctx, "mailgun", tracking::parse_mailgun(req.body())));
             });
  router.add(verb::post, "/v1/providers/postmark/events",
             [&ctx](http::Request& req, http::Respond respond) {
               verify_basic_auth(req, ctx.config.providers.postmark_username,
                                 ctx.config.providers.postmark_password);
               answer(respond, record(ctx, "postmark", tracking::parse_postmark(req.body())));
             });
  router.add(
      verb::post, "/v1/providers/twilio/events", [&ctx](http::Request& req, http::Respond respond) {
        const auto token = twilio_token(ctx.config);
        if (token.empty()) throw unauthorized("Twilio auth token is not configured");
        const std::string url = ctx.config.server.public_url + std::string(req.raw.target());
        if (!tracking::verify_twilio_signature(token, url, req.body(),
                                               req.header("X-Twilio-Signature")))
          throw unauthorized("bad X-Twilio-Signature");
        answer(respond, record(ctx, "twilio", tracking::parse_twilio(req.body(), req.query)));
      });
}

}  // namespace herald::api
