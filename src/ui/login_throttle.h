#pragma once
// Slows password guessing: after `max_failures` wrong passwords for one account within the
// window, that account's logins are refused (even with the right password) until the oldest
// failure leaves the window. Kept in memory: a restart forgets, which only resets the count.
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"

namespace herald::ui {

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, int max_failures = 5, TimeMs window_ms = 15 * 60 * 1000)
      : clock_(clock), max_failures_(max_failures), window_(window_ms) {}

  // How long logins to `account` stay refused; nullopt when a try is allowed now.
  std::optional<TimeMs> refused_for(const std::string& account);
  void failed(const std::string& account);
  void succeeded(const std::string& account);

 private:
  void forget_old(std::deque<TimeMs>& failures, TimeMs now) const;

  const Clock& clock_;
  const int max_failures_;
  const TimeMs window_;
  std::mutex mutex_;
  std::map<std::string, std::deque<TimeMs>> failures_;
};

}  // namespace herald::ui
