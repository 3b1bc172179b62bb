#pragma once
// Refuses a signed callback seen before or signed too long ago, so a captured request cannot
// be played again (Mailgun's advice for its webhooks: check the timestamp, cache the token).
// Tokens are remembered in memory for the window; after a restart a stale timestamp is still
// refused, so only a replay within the window across a restart gets through.
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_set>

#include "common/clock.h"

namespace herald::tracking {

class ReplayGuard {
 public:
  ReplayGuard(const Clock& clock, TimeMs window_ms) : clock_(clock), window_(window_ms) {}

  // True the first time a token signed within the window (either side of now) is offered.
  bool accept(std::string_view token, TimeMs signed_at);

 private:
  void forget_older_than(TimeMs cutoff);

  const Clock& clock_;
  const TimeMs window_;
  std::mutex mutex_;
  std::unordered_set<std::string> seen_;
  std::deque<std::pair<TimeMs, std::string>> by_arrival_;
};

}  // namespace herald::tracking
