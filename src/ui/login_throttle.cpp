#include "ui/login_throttle.h"

#include "common/ascii.h"

namespace herald::ui {

void LoginThrottle::forget_old(std::deque<TimeMs>& failures, TimeMs now) const {
  while (!failures.empty() && failures.front() <= now - window_) failures.pop_front();
}

std::optional<TimeMs> LoginThrottle::refused_for(const std::string& account) {
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  auto it = failures_.find(ascii_lower(account));
  if (it == failures_.end()) return std::nullopt;
  forget_old(it->second, now);
  if (static_cast<int>(it->second.size()) < max_failures_) return std::nullopt;
  return it->second.front() + window_ - now;
}

void LoginThrottle::failed(const std::string& account) {
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  if (failures_.size() > 100000) failures_.clear();  // bounded memory under a spray of names
  auto& f = failures_[ascii_lower(account)];
  forget_old(f, now);
  f.push_back(now);
}

void LoginThrottle::succeeded(const std::string& account) {
  std::lock_guard lock(mutex_);
  failures_.erase(ascii_lower(account));
}

}  // namespace herald::ui
