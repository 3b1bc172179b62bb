#pragma once
// Delivery workers: read the durable queue, send through the transports, record every outcome.
// Each worker thread owns its transport (one SMTP session reused across messages). A send's
// outcome is committed before the worker's next send, so a crash can repeat at most the one
// send per worker whose answer came and whose record did not.
#include <functional>
#include <memory>
#include <vector>

#include "common/clock.h"
#include "common/metrics.h"
#include "common/secret_vault.h"
#include "common/worker_loop.h"
#include "delivery/outcome_policy.h"
#include "delivery/relay_breaker.h"
#include "delivery/retry_policy.h"
#include "delivery/transport.h"
#include "store/queue_storage.h"

namespace herald::delivery {

struct DispatcherConfig {
  int email_workers = 4;
  int sms_workers = 2;
  int batch = 16;  // messages a worker claims at once
  // A claimed message is due again this long after its node stopped renewing the claim.
  TimeMs lease_ms = 30 * 1000;
  RetryPolicy retry;
  std::string email_relay = "the relay";  // how logs and timelines name it (its URL)
  BreakerSettings email_breaker;
  std::string public_url;  // base of the tracking links
  std::string sms_sender;
  // Where the SMS gateway reports a message's delivery (the gateway's own URL shape).
  std::function<std::string(const std::string& herald_id)> sms_status_url;
  std::string bounce_domain;  // domain of Message-ID and return path
  bool track_opens = false;   // server-wide switches; a store can turn tracking off
  bool track_clicks = false;
  std::string tracking_secret;
};

using EmailTransportFactory = std::function<std::unique_ptr<EmailTransport>()>;
using SmsTransportFactory = std::function<std::unique_ptr<SmsTransport>()>;

class Dispatcher {
 public:
  Dispatcher(store::QueueStorage& queue, const Clock& clock, Metrics& metrics,
             DispatcherConfig config, EmailTransportFactory email, SmsTransportFactory sms);
  ~Dispatcher();

  void start();  // releases leases left by a crash, then starts the worker threads
  void stop();
  void wake();  // new work was queued
  // Where the clear text of otp messages is held (never in the database).
  void set_secret_vault(SecretVault* vault) { vault_ = vault; }

  // Claims and sends what is due now, on the calling thread; returns how many were handled.
  // The worker threads loop on this; tests call it directly with a manual clock.
  int run_once(domain::Channel channel, EmailTransport* email, SmsTransport* sms);

  OutgoingEmail compose_email(const store::QueuedMessage& m) const;
  OutgoingSms compose_sms(const store::QueuedMessage& m) const;

 private:
  // The worker threads' pass: send what is due, or say how long to wait for more.
  WorkerLoop::Pass worker_pass(domain::Channel channel);
  AttemptRecord send_email(const store::QueuedMessage& m, EmailTransport& t);
  // Asks the relay's breaker first: while the relay is down the message is not tried.
  EmailSendResult send_through_relay(const OutgoingEmail& email, EmailTransport& t, bool& tried,
                                     TimeMs& down_until);
  AttemptRecord send_sms(const store::QueuedMessage& m, SmsTransport& t);

  store::QueueStorage& queue_;
  const Clock& clock_;
  Metrics& metrics_;
  DispatcherConfig config_;
  EmailTransportFactory email_factory_;
  SmsTransportFactory sms_factory_;
  RelayBreaker email_relay_;
  WorkerLoop loop_{"delivery"};
  SecretVault* vault_ = nullptr;
};

}  // namespace herald::delivery
