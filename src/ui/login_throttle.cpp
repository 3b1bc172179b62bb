#include "ui/login_throttle.h"

#include <algorithm>
#include <cctype>

namespace herald::ui {

namespace {
std::string key_of(const std::string& account) {
  std::string k = account;
  std::transform(k.begin(), k.end(), k.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return k;
}
}  // namespace

void LoginThrottle::forget_old(std::deque<TimeMs>& failures, TimeMs now) const {
  while (!failures.empty() && failures.front() <= now - window_) failures.pop_front();
}

std::optional<TimeMs> LoginThrottle::refused_for(const std::string& account) {
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key_of(account));
  if (it == failures_.end()) return std::nullopt;
  forget_old(it->second, now);
  if (static_cast<int>(it->second.size()) < max_failures_) return std::nullopt;
  return it->second.front() + window_ - now;
}

void LoginThrottle::failed(const std::string& account) {
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  if (failures_.size() > 100000) failures_.clear();  // bounded memory under a spray of names
  auto& f = failures_[key_of(account)];
  forget_old(f, now);
  f.push_back(now);
}

void LoginThrottle::succeeded(const std::string& account) {
  std::lock_guard lock(mutex_);
  failures_.erase(key_of(account));
}

}  // namespace herald::ui
