#include "delivery/dispatcher.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "delivery/mime_builder.h"
#include "delivery/outcome_recorder.h"
#include "tracking/tracking_token.h"

namespace herald::delivery {

namespace {
using domain::Channel;
using domain::Outcome;

bool any_deferred(const std::vector<domain::RecipientResult>& results) {
  for (const auto& r : results)
    if (r.outcome == Outcome::deferred) return true;
  return false;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
}  // namespace

Dispatcher::Dispatcher(store::QueueStorage& queue, const Clock& clock, Metrics& metrics,
                       DispatcherConfig config, EmailTransportFactory email,
                       SmsTransportFactory sms)
    : queue_(queue),
      clock_(clock),
      metrics_(metrics),
      config_(std::move(config)),
      email_factory_(std::move(email)),
      sms_factory_(std::move(sms)),
      email_relay_(config_.email_relay, config_.email_breaker, clock) {}

Dispatcher::~Dispatcher() {
  stop();
}

void Dispatcher::start() {
  queue_.release_leases();
  for (int i = 0; i < config_.email_workers; ++i)
    loop_.add([this] { return worker_pass(Channel::email); });
  for (int i = 0; i < config_.sms_workers; ++i)
    loop_.add([this] { return worker_pass(Channel::sms); });
  // Claims are renewed while this node runs, so they expire only when it has gone silent. Every
  // stored batch wakes the loop (for idle workers to claim); the renewal runs on its own time.
  const TimeMs renew_every = std::max<TimeMs>(config_.lease_ms / 3, 1);
  loop_.add(
      [this, renew_every] {
        return [this, renew_every, due = TimeMs{0}]() mutable -> TimeMs {
          const TimeMs now = clock_.now_ms();
          if (now >= due) {
            queue_.renew_leases(now + config_.lease_ms);
            due = now + renew_every;
          }
          return due - now;
        };
      },
      renew_every);
  loop_.start();
}

void Dispatcher::stop() {
  loop_.stop();
}

void Dispatcher::wake() {
  loop_.wake();
}

WorkerLoop::Pass Dispatcher::worker_pass(Channel channel) {
  std::shared_ptr<EmailTransport> email;
  std::shared_ptr<SmsTransport> sms;
  if (channel == Channel::email)
    email = email_factory_();
  else
    sms = sms_factory_();
  return [this, channel, email, sms]() -> TimeMs {
    try {
      if (run_once(channel, email.get(), sms.get()) > 0) return 0;
    } catch (const std::exception& e) {
      spdlog::error("delivery: {} worker: {}", domain::to_string(channel), e.what());
    }
    // Nothing due: sleep until woken, or until the next retry is due (at most a second, so a
    // message queued by another process is not left waiting).
    TimeMs wait_ms = 1000;
    try {
      if (auto due = queue_.next_due(channel))
        wait_ms = std::clamp<TimeMs>(*due - clock_.now_ms(), 1, 1000);
    } catch (const std::exception&) {
    }
    return wait_ms;
  };
}

int Dispatcher::run_once(Channel channel, EmailTransport* email, SmsTransport* sms) {
  const TimeMs now = clock_.now_ms();
  auto claimed = queue_.claim_due(channel, now, config_.batch, now + config_.lease_ms);
  if (claimed.empty()) return 0;
  // Each outcome is committed before the next send: a crash then repeats at most the send whose
  // answer had come and whose record had not. A transaction per message costs about a fifth
  // of the drain's throughput (BENCHMARKS.md §8).
  for (const auto& m : claimed) {
    const AttemptRecord record =
        channel == Channel::email ? send_email(m, *email) : send_sms(m, *sms);
    record_attempts(queue_, {record}, config_.retry.max_attempts);
  }
  return static_cast<int>(claimed.size());
}

OutgoingEmail Dispatcher::compose_email(const store::QueuedMessage& m) const {
  OutgoingEmail e;
  e.herald_id = m.id;
  e.from = m.from;
  e.to = m.to;
  e.cc = m.cc;
  e.reply_to = m.reply_to;
  e.subject = m.subject;
  // The log stores this HTML as sent; reading a message there goes through the sandboxed view,
  // which never loads the open pixel.
  if (m.track && !m.html.empty() && (config_.track_opens || config_.track_clicks))
    e.html = tracking::rewrite_links(m.html, config_.public_url, config_.tracking_secret, m.id,
                                     config_.track_clicks, config_.track_opens);
  else
    e.html = m.html;
  e.text = m.text;
  // The Message-ID and the VERP return path both carry the message id, so a bounce can be
  // matched to the message it answers.
  e.message_id = m.id + "@" + config_.bounce_domain;
  e.return_path = "bounce+" + m.id + "@" + config_.bounce_domain;
  std::vector<std::string> all = m.to;
  all.insert(all.end(), m.cc.begin(), m.cc.end());
  if (m.pending != all) e.envelope = m.pending;
  if (m.type == "newsletter") {  // recipients must not see each other: envelope only
    e.to = {m.from};
    e.envelope = m.pending;
  }
  return e;
}

OutgoingSms Dispatcher::compose_sms(const store::QueuedMessage& m) const {
  OutgoingSms s;
  s.herald_id = m.id;
  s.from = config_.sms_sender;
  s.to = m.pending.empty() ? std::string() : m.pending.front();
  s.text = m.sms;
  if (config_.sms_status_url) s.dlr_url = config_.sms_status_url(m.id);
  return s;
}

AttemptRecord Dispatcher::send_email(const store::QueuedMessage& m, EmailTransport& t) {
  AttemptRecord rec;
  rec.seq = m.seq;
  rec.fence = m.fence;
  auto started = std::chrono::steady_clock::now();
  auto email = compose_email(m);
  bool tried = true;
  TimeMs down_until = 0;
  auto sent = send_through_relay(email, t, tried, down_until);
  if (tried && email.html != m.html) rec.html = email.html;  // the log keeps exactly what was sent
  if (tried) metrics_.email_send_seconds.observe(seconds_since(started));
  rec.at = clock_.now_ms();
  rec.headers = std::move(sent.headers);
  rec.results = std::move(sent.recipients);
  if (any_deferred(rec.results))  // not before the relay may be tried again
    rec.retry_at = std::max(rec.at + config_.retry.delay_ms(m.attempts + 1), down_until);
  for (const auto& r : rec.results) {
    if (r.outcome == Outcome::sent) continue;
    // The breaker logged once that the relay is down; one line per message would flood.
    spdlog::log(tried ? spdlog::level::warn : spdlog::level::debug,
                "delivery: email {} to {}: {} {} {} {}", m.id, r.address,
                domain::to_string(r.outcome), r.smtp_code, r.enhanced_code, r.detail);
  }
  return rec;
}

EmailSendResult Dispatcher::send_through_relay(const OutgoingEmail& email, EmailTransport& t,
                                               bool& tried, TimeMs& down_until) {
  const RelayBreaker::Permit permit = email_relay_.acquire();
  if (!permit.allowed) {
    tried = false;
    down_until = permit.down_until;
    EmailSendResult deferred;
    for (std::string& address : envelope_recipients(email))
      deferred.recipients.push_back(
          {std::move(address), Outcome::deferred, 0, "", "networkerror", permit.why});
    return deferred;
  }
  EmailSendResult sent = t.send(email);
  if (!sent.relay_unreachable.empty())
    email_relay_.failed(sent.relay_unreachable);
  else if (!sent.recipients.empty())
    email_relay_.opened();
  return sent;
}

AttemptRecord Dispatcher::send_sms(const store::QueuedMessage& m, SmsTransport& t) {
  AttemptRecord rec;
  rec.seq = m.seq;
  rec.fence = m.fence;
  auto started = std::chrono::steady_clock::now();
  auto sms = compose_sms(m);
  std::optional<std::string> clear;
  if (m.type == "otp" && vault_) clear = vault_->get(m.id);
  if (m.type == "otp" && !clear) {
    domain::RecipientResult r;
    r.address = sms.to;
    r.outcome = Outcome::failed;
    r.reason = "expired";
    r.detail = "the one-time code is no longer held (restart); ask for a new one";
    rec.results.push_back(std::move(r));
  } else {
    if (clear) sms.text = *clear;
    rec.results.push_back(t.send(sms));
  }
  metrics_.sms_send_seconds.observe(seconds_since(started));
  rec.at = clock_.now_ms();
  if (clear && !any_deferred(rec.results)) vault_->erase(m.id);
  if (any_deferred(rec.results)) rec.retry_at = rec.at + config_.retry.delay_ms(m.attempts + 1);
  const auto& r = rec.results.front();
  if (r.outcome != Outcome::sent)
    spdlog::warn("delivery: sms {} to {}: {} {} {}", m.id, r.address, domain::to_string(r.outcome),
                 r.smtp_code, r.detail);
  return rec;
}

}  // namespace herald::delivery
