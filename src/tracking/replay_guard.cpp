#include "tracking/replay_guard.h"

namespace herald::tracking {

bool ReplayGuard::accept(std::string_view token, TimeMs signed_at) {
  const TimeMs now = clock_.now_ms();
  if (token.empty() || signed_at < now - window_ || signed_at > now + window_) return false;
  std::lock_guard lock(mutex_);
  forget_older_than(now - 2 * window_);
  if (!seen_.emplace(token).second) return false;
  by_arrival_.emplace_back(now, std::string(token));
  return true;
}

void ReplayGuard::forget_older_than(TimeMs cutoff) {
  // A token older than twice the window can only come with a stale timestamp: refused anyway.
  while (!by_arrival_.empty() && by_arrival_.front().first < cutoff) {
    seen_.erase(by_arrival_.front().second);
    by_arrival_.pop_front();
  }
}

}  // namespace herald::tracking
