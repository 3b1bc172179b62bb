#include "delivery/relay_breaker.h"

#include <spdlog/spdlog.h>

namespace herald::delivery {

RelayBreaker::RelayBreaker(std::string relay, BreakerSettings settings, const Clock& clock)
    : relay_(std::move(relay)), settings_(settings), clock_(clock) {}

RelayBreaker::Permit RelayBreaker::acquire() {
  std::lock_guard lock(mu_);
  const TimeMs now = clock_.now_ms();
  if (state_ == State::closed) return {};
  // While a probe runs its outcome is unknown: the message waits its usual backoff.
  if (state_ == State::probing && now < until_)
    return {false, 0, refusal_locked() + "; one message is trying it now"};
  if (now < until_)
    return {false, until_, refusal_locked() + "; next try after " + format_rfc3339(until_)};
  // The cool-down is over (or a probe never reported back, e.g. its worker stopped): this
  // send is the probe; the others wait for its outcome.
  state_ = State::probing;
  until_ = now + settings_.cooldown_ms;
  spdlog::info("delivery: relay {} was down; trying it again with one message", relay_);
  return {};
}

void RelayBreaker::opened() {
  std::lock_guard lock(mu_);
  if (state_ != State::closed)
    spdlog::info("delivery: relay {} answers again; sending resumes", relay_);
  state_ = State::closed;
  failures_ = 0;
}

void RelayBreaker::failed(const std::string& error) {
  std::lock_guard lock(mu_);
  const TimeMs now = clock_.now_ms();
  last_error_ = error;
  if (state_ == State::probing) {
    open_locked(now, error);
    return;
  }
  if (state_ == State::down) return;  // a send allowed before the relay went down
  if (++failures_ >= settings_.failures) open_locked(now, error);
}

void RelayBreaker::open_locked(TimeMs now, const std::string& error) {
  state_ = State::down;
  until_ = now + settings_.cooldown_ms;
  spdlog::warn(
      "delivery: relay {} is down after {} failed sessions in a row (last: {}); its messages are "
      "deferred without trying it until {}",
      relay_, failures_, error, format_rfc3339(until_));
}

std::string RelayBreaker::refusal_locked() const {
  return "not tried: relay " + relay_ + " is down after " + std::to_string(failures_) +
         " failed sessions in a row (last: " + last_error_ + ")";
}

}  // namespace herald::delivery
