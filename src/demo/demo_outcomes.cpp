#include "demo/demo_outcomes.h"

#include <algorithm>
#include <limits>

#include "delivery/outcome_recorder.h"

namespace herald::demo {

namespace {
using domain::Outcome;
using domain::RecipientResult;
constexpr TimeMs kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;
constexpr int kMaxAttempts = 4;

std::string first_link(const std::string& html) {
  const auto at = html.find("href=\"");
  if (at == std::string::npos) return "";
  const auto end = html.find('"', at + 6);
  return end == std::string::npos ? "" : html.substr(at + 6, end - at - 6);
}
}  // namespace

OutcomeSimulator::OutcomeSimulator(store::QueueStorage& queue, store::ReportStorage& reports,
                                   store::SuppressionStorage& suppressions, ManualClock& clock,
                                   std::uint32_t seed)
    : queue_(queue), clock_(clock), reports_(reports, suppressions, clock), rng_(seed) {}

void OutcomeSimulator::add_customer(const Customer& c) {
  mailboxes_[c.email] = c.mailbox;
  if (!c.phone.empty()) phones_[c.phone] = c.phone_kind;
}

RecipientResult OutcomeSimulator::answer_email(const std::string& to, int attempts) {
  auto it = mailboxes_.find(to);
  const MailboxKind kind = it == mailboxes_.end() ? MailboxKind::good : it->second;
  switch (kind) {
    case MailboxKind::unknown:
      return {to,
              Outcome::bounced,
              550,
              "5.1.1",
              "userunknown",
              "550 5.1.1 <" + to +
                  ">: Recipient address rejected: User unknown in virtual "
                  "mailbox table"};
    case MailboxKind::blocked:
      return {
          to,        Outcome::bounced,
          550,       "5.7.1",
          "blocked", "550 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org"};
    case MailboxKind::full:
      // A full mailbox is emptied now and then: some retries get through.
      if (attempts == 0 || rng_() % 2 == 0)
        return {to,
                Outcome::deferred,
                452,
                "4.2.2",
                "mailboxfull",
                "452 4.2.2 <" + to + ">: Recipient address rejected: Mailbox full"};
      break;
    default:
      break;
  }
  return {to,  Outcome::sent,
          250, "2.0.0",
          "",  "250 2.0.0 Ok: queued as " + std::to_string(rng_() % 0xFFFFFF)};
}

RecipientResult OutcomeSimulator::answer_sms(const std::string& to) {
  if (rng_() % 100 == 0)
    return {to, Outcome::failed, 400, "", "", "gateway answered 400: invalid destination"};
  return {to, Outcome::sent, 202, "", "", "0: Accepted for delivery"};
}

void OutcomeSimulator::report(const store::QueuedMessage& m, const RecipientResult& r, TimeMs at,
                              TimeMs horizon) {
  if (r.outcome != Outcome::sent) return;
  store::MessageLocator where{m.store_id, m.seq, m.id, m.channel, {r.address}};
  auto apply = [&](store::DeliveryUpdate u, bool hard = false) {
    if (u.at > horizon) return false;
    u.recipient = r.address;
    clock_.set(u.at);
    reports_.apply(where, std::move(u), hard);
    return true;
  };
  const auto dice = roll(1000);
  if (m.channel == domain::Channel::sms) {
    auto it = phones_.find(r.address);
    if (it != phones_.end() && it->second == PhoneKind::unreachable) {
      apply({at + 30 * kSecond, "undelivered", "", 0, "", "", "", "Kannel DLR 2: failed", ""});
    } else if (dice < 940) {
      apply({at + (2 + roll(40)) * kSecond, "delivered", "", 0, "", "", "", "Kannel DLR 1", ""});
    }
    return;
  }
  if (dice < 6) {  // accepted by the relay, bounced later by the recipient's server
    apply({at + (1 + roll(20)) * kMinute, "bounced", "", 550, "5.2.2", "mailboxfull", "",
           "552 5.2.2 The email account that you tried to reach is over quota", ""});
    return;
  }
  if (dice < 40) return;  // no report (yet)
  if (!apply({at + (2 + roll(50)) * kSecond, "delivered", "", 250, "2.0.0", "", "", "", ""}))
    return;
  auto it = mailboxes_.find(r.address);
  if (it != mailboxes_.end() && it->second == MailboxKind::complainer) {
    apply({at + (1 + roll(48)) * kHour, "complained", "", 0, "", "feedback", "", "abuse", ""});
    return;
  }
  if (rng_() % 100 >= 52) return;
  const TimeMs opened = at + 3 * kMinute + roll(30 * kHour);
  if (!apply({opened, "opened", "", 0, "", "", "", "", ""})) return;
  const std::string link = first_link(m.html);
  if (link.empty() || rng_() % 100 >= 35) return;
  apply({opened + (5 + roll(300)) * kSecond, "clicked", "", 0, "", "", "", "", link});
}

void OutcomeSimulator::settle(TimeMs now, TimeMs horizon) {
  for (auto channel : {domain::Channel::email, domain::Channel::sms})
    attempt(channel, now, now + (1 + roll(3)) * kSecond, horizon, kMaxAttempts);
}

void OutcomeSimulator::settle_all(TimeMs now) {
  constexpr TimeMs kAnyTime = std::numeric_limits<TimeMs>::max() / 2;
  for (auto channel : {domain::Channel::email, domain::Channel::sms})
    attempt(channel, kAnyTime, now, now, 1);
}

void OutcomeSimulator::attempt(domain::Channel channel, TimeMs due, TimeMs at, TimeMs horizon,
                               int max_attempts) {
  for (;;) {
    auto batch = queue_.claim_due(channel, due, 500, due + kSecond);
    if (batch.empty()) break;
    std::vector<delivery::AttemptRecord> records;
    records.reserve(batch.size());
    for (const auto& m : batch) {
      delivery::AttemptRecord rec;
      rec.seq = m.seq;
      rec.fence = m.fence;
      rec.at = at;
      for (const auto& to : m.pending) {
        auto r = channel == domain::Channel::email ? answer_email(to, m.attempts) : answer_sms(to);
        if (r.outcome == Outcome::deferred) rec.retry_at = at + (m.attempts + 1) * 2 * kHour;
        rec.results.push_back(std::move(r));
      }
      records.push_back(std::move(rec));
    }
    delivery::record_attempts(queue_, records, max_attempts);
    for (size_t i = 0; i < batch.size(); ++i)
      for (const auto& r : records[i].results) report(batch[i], r, at, horizon);
  }
}

}  // namespace herald::demo
