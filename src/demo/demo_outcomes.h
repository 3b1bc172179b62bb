#pragma once
// Plays the part of the relay, the SMS gateway and the recipients: answers every due message
// as its recipient's mailbox or phone would, then reports deliveries, opens, clicks, late
// bounces and complaints, the way live traffic fills the log.
#include <map>
#include <random>
#include <string>

#include "common/clock.h"
#include "demo/demo_journeys.h"
#include "feedback/report_service.h"
#include "store/queue_storage.h"

namespace herald::demo {

class OutcomeSimulator {
 public:
  OutcomeSimulator(store::QueueStorage& queue, store::ReportStorage& reports,
                   store::SuppressionStorage& suppressions, ManualClock& clock, std::uint32_t seed);

  // Addresses (normalized) and how they behave.
  void add_customer(const Customer& c);

  // Sends everything due at `now` and reports on it; reports later than `horizon` are not made.
  void settle(TimeMs now, TimeMs horizon);
  // Ends the history at `now`: every message still waiting (queued, or deferred with a retry
  // due later) gets its last attempt now, and a deferral then fails it. The demo leaves nothing
  // in the queue, so a server started on it sends none of its made-up messages anywhere.
  void settle_all(TimeMs now);

 private:
  TimeMs roll(TimeMs below) {
    return static_cast<TimeMs>(rng_() % static_cast<std::uint64_t>(below));
  }
  domain::RecipientResult answer_email(const std::string& to, int attempts);
  domain::RecipientResult answer_sms(const std::string& to);
  void report(const store::QueuedMessage& m, const domain::RecipientResult& r, TimeMs at,
              TimeMs horizon);
  void attempt(domain::Channel channel, TimeMs due, TimeMs at, TimeMs horizon, int max_attempts);

  store::QueueStorage& queue_;
  ManualClock& clock_;
  feedback::ReportService reports_;
  std::mt19937 rng_;
  std::map<std::string, MailboxKind> mailboxes_;
  std::map<std::string, PhoneKind> phones_;
};

}  // namespace herald::demo
