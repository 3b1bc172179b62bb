#pragma once
// Message bodies that must never be written to disk (one-time codes). Intake puts the clear
// text here under the message id, the log keeps a masked copy; the dispatcher sends the clear
// text and forgets it once the message is settled. After a restart the clear text is gone, and
// such a message fails rather than send the masked copy.
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace herald {

class SecretVault {
 public:
  void put(const std::string& id, std::string clear) {
    std::lock_guard lock(mutex_);
    clear_[id] = std::move(clear);
  }
  std::optional<std::string> get(const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = clear_.find(id);
    if (it == clear_.end()) return std::nullopt;
    return it->second;
  }
  void erase(const std::string& id) {
    std::lock_guard lock(mutex_);
    clear_.erase(id);
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> clear_;
};

}  // namespace herald
