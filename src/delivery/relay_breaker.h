#pragma once
// A circuit breaker for one relay: after a few sessions in a row that could not be opened
// (no connection, no greeting, a refused greeting) the relay counts as down, and sends are
// not tried until a cool-down has passed; then one send probes it. While it is down, each
// message is deferred at once instead of waiting out the same timeouts again. Shared by the
// worker threads of one relay; time comes from the injected clock.
#include <mutex>
#include <string>

#include "common/clock.h"

namespace herald::delivery {

struct BreakerSettings {
  int failures = 3;             // sessions in a row that could not be opened
  TimeMs cooldown_ms = 30'000;  // how long the relay then counts as down
};

class RelayBreaker {
 public:
  RelayBreaker(std::string relay, BreakerSettings settings, const Clock& clock);

  struct Permit {
    bool allowed = true;
    TimeMs down_until = 0;  // when not allowed: when the next probe may go (0: a probe runs)
    std::string why;        // when not allowed: the reason, for the message's timeline
  };
  // Asked before each send. Closed: allowed. Down: refused until the cool-down ends; then one
  // caller is allowed as the probe, and the others are refused while it runs (then with no
  // `down_until`: the probe's outcome is not known yet).
  Permit acquire();
  // The outcome of an allowed send: whether a session could be opened (the relay greeted and
  // answered, whatever it said about the message) or not (`error` says what went wrong).
  void opened();
  void failed(const std::string& error);

 private:
  enum class State { closed, down, probing };
  void open_locked(TimeMs now, const std::string& error);
  std::string refusal_locked() const;

  const std::string relay_;
  const BreakerSettings settings_;
  const Clock& clock_;
  std::mutex mu_;
  State state_ = State::closed;
  int failures_ = 0;  // in a row, while closed
  TimeMs until_ = 0;  // down: end of the cool-down; probing: when a lost probe is given up
  std::string last_error_;
};

}  // namespace herald::delivery
