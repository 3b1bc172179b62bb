#pragma once
// What varies per provider: how its callbacks are verified and read, and, for an SMS gateway,
// how a message is sent and where it reports back. Each provider lives in its own folder
// (providers/<name>/) and is registered once in providers/registry.cpp.
//
// Callback parsers are pure: they throw herald::Error(bad_request, field) on malformed input
// and return no events for a well-formed payload that carries no delivery news (an SNS
// subscription confirmation, an event type Herald does not track). Signature checks never
// throw: anything malformed is simply "not verified".
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/error.h"
#include "config/config.h"
#include "delivery/transport.h"
#include "tracking/delivery_event.h"
#include "tracking/https_get.h"

namespace herald::providers {

// What a provider is built with.
struct ProviderContext {
  const config::Config& config;
  const Clock& clock;
  tracking::HttpGet fetch;  // for what callbacks point at (SNS certificates, SubscribeURL)
  // Signs the status URLs of an SMS gateway whose reports carry no signature (Kannel).
  // Generated once and kept in the database, so that reports for SMS already sent verify.
  std::string sms_report_secret;
};

// A callback request as the provider sent it, independent of the HTTP server.
struct CallbackRequest {
  std::string_view body;
  const std::map<std::string, std::string>& query;  // decoded
  std::function<std::string(std::string_view name)> header;
  std::string url;  // the full URL the provider requested: public_url + target
};

struct CallbackResult {
  std::vector<tracking::DeliveryEvent> events;
  bool confirmed = false;  // a subscription was confirmed; nothing to record
};

class Provider {
 public:
  virtual ~Provider() = default;
  // Kannel calls back with a GET; everyone else POSTs.
  virtual bool callback_is_get() const { return false; }
  // Verifies the request the way the provider signs it (Error unauthorized, field
  // "signature", when it does not verify) and reads its events.
  virtual CallbackResult read_callback(const CallbackRequest& request) = 0;
  // SMS gateways only: a transport for one worker (nullptr: not an SMS gateway), and the URL
  // the gateway reports a message's delivery to.
  virtual std::unique_ptr<delivery::SmsTransport> make_sms_transport() const { return nullptr; }
  virtual std::string sms_status_url(const std::string& /*herald_id*/) const { return {}; }
  // Email transports only (email.transport): one for one worker, nullptr when not one.
  virtual std::unique_ptr<delivery::EmailTransport> make_email_transport() const { return nullptr; }
  // One line for the start-up log: where this provider's messages go when it sends them.
  virtual std::string sends_to(domain::Channel /*channel*/) const { return {}; }
};

// The error a callback that does not prove its origin gets.
inline Error refused(const std::string& why) {
  return Error(ErrorCode::unauthorized, why, "signature");
}

}  // namespace herald::providers
