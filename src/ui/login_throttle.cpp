#include "ui/login_throttle.h"

#include "common/ascii.h"
#include "domain/address.h"

namespace herald::ui {

std::string LoginThrottle::account_key(const std::string& email) {
  if (auto normalized = domain::normalize_email(email)) return *normalized;
  auto begin = email.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  return ascii_lower(email.substr(begin, email.find_last_not_of(" \t\r\n") - begin + 1));
}

void LoginThrottle::Table::forget_old(std::deque<TimeMs>& failures, TimeMs now) const {
  while (!failures.empty() && failures.front() <= now - limits_.window_ms) failures.pop_front();
}

std::optional<TimeMs> LoginThrottle::Table::refused_for(const std::string& key, TimeMs now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  forget_old(it->second, now);
  if (static_cast<int>(it->second.size()) < limit_) return std::nullopt;
  return it->second.front() + limits_.window_ms - now;
}

bool LoginThrottle::Table::make_room(TimeMs now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    forget_old(it->second, now);
    it = it->second.empty() ? entries_.erase(it) : std::next(it);
  }
  if (entries_.size() < limits_.max_entries) return true;
  auto victim = entries_.end();
  for (auto it = entries_.begin(); it != entries_.end(); ++it)
    if (static_cast<int>(it->second.size()) < limit_ &&
        (victim == entries_.end() || it->second.back() < victim->second.back()))
      victim = it;
  if (victim == entries_.end()) return false;  // every entry refuses logins: keep them all
  entries_.erase(victim);
  return true;
}

void LoginThrottle::Table::failed(const std::string& key, TimeMs now) {
  auto it = entries_.find(key);
  if (it == entries_.end()) {
    if (entries_.size() >= limits_.max_entries && !make_room(now)) return;
    it = entries_.emplace(key, std::deque<TimeMs>{}).first;
  }
  forget_old(it->second, now);
  it->second.push_back(now);
  // Only the last `limit_` failures decide when a refusal ends.
  while (static_cast<int>(it->second.size()) > limit_) it->second.pop_front();
}

std::optional<LoginThrottle::Refusal> LoginThrottle::refused(const std::string& email,
                                                             const std::string& client) {
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  if (auto wait = accounts_.refused_for(account_key(email), now))
    return Refusal{Reason::account, *wait};
  if (auto wait = clients_.refused_for(client, now)) return Refusal{Reason::client, *wait};
  return std::nullopt;
}

void LoginThrottle::failed(const std::string& email, const std::string& client) {
  const TimeMs now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  accounts_.failed(account_key(email), now);
  clients_.failed(client, now);
}

void LoginThrottle::succeeded(const std::string& email) {
  std::lock_guard lock(mutex_);
  accounts_.erase(account_key(email));
}

std::size_t LoginThrottle::tracked_accounts() {
  std::lock_guard lock(mutex_);
  return accounts_.size();
}

}  // namespace herald::ui
