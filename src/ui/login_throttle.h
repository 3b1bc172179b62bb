#pragma once
// Slows password guessing, in memory (a restart forgets, which only resets the counts):
// - per account (the normalised address, as the user lookup sees it): after `account_failures`
//   wrong passwords within the window, that account's logins are refused, even with the right
//   password, until the oldest failure leaves the window;
// - per client address: after `client_failures` wrong passwords from one address (for any
//   accounts), that address's logins are refused the same way, so one client cannot go on to
//   guess many accounts.
// Memory is bounded by `max_entries` per table. When a table is full, entries whose failures
// have all left the window go first, then the least recent entry that is not refusing logins;
// an entry that refuses logins is never dropped to make room, so a flood of made-up names cannot
// unlock an account.
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "common/clock.h"

namespace herald::ui {

struct ThrottleLimits {
  int account_failures = 5;
  int client_failures = 20;
  TimeMs window_ms = 15 * 60 * 1000;
  std::size_t max_entries = 10'000;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(const Clock& clock, ThrottleLimits limits = {})
      : clock_(clock), limits_(limits) {}

  // The key an account is counted under: the address as the user lookup normalises it
  // (trimmed, lower-cased); text that is no address is trimmed and lower-cased the same way.
  static std::string account_key(const std::string& email);

  enum class Reason { account, client };
  struct Refusal {
    Reason reason;
    TimeMs wait_ms;
  };
  // Why and how long logins to `email` from `client` stay refused; nullopt when a try is allowed.
  std::optional<Refusal> refused(const std::string& email, const std::string& client);
  void failed(const std::string& email, const std::string& client);
  // Clears the account's count. The client's count stays: an attacker who owns one account must
  // not be able to reset the count of its guesses at others by logging in to it.
  void succeeded(const std::string& email);

  std::size_t tracked_accounts();  // for tests of the memory bound

 private:
  class Table {
   public:
    Table(int limit, const ThrottleLimits& limits) : limit_(limit), limits_(limits) {}
    std::optional<TimeMs> refused_for(const std::string& key, TimeMs now);
    void failed(const std::string& key, TimeMs now);
    void erase(const std::string& key) { entries_.erase(key); }
    std::size_t size() const { return entries_.size(); }

   private:
    void forget_old(std::deque<TimeMs>& failures, TimeMs now) const;
    bool make_room(TimeMs now);

    const int limit_;
    const ThrottleLimits& limits_;
    std::map<std::string, std::deque<TimeMs>> entries_;
  };

  const Clock& clock_;
  const ThrottleLimits limits_;
  std::mutex mutex_;
  Table accounts_{limits_.account_failures, limits_};
  Table clients_{limits_.client_failures, limits_};
};

}  // namespace herald::ui
