#pragma once
// The message log, read: messages as stored, their content and their timeline. Every read is
// confined to the store it names.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace herald::store {

class LogStorage {
 public:
  virtual ~LogStorage() = default;

  virtual std::vector<MessageRow> find_messages(StoreId store, const MessageQuery& q) = 0;
  virtual std::optional<MessageRow> get_message(StoreId store, const std::string& id) = 0;
  virtual MessageContent get_content(StoreId store, std::int64_t seq) = 0;
  virtual std::vector<TimelineEvent> get_timeline(StoreId store, std::int64_t seq) = 0;
};

}  // namespace herald::store
