#pragma once
// Intake: storing accepted events with the messages and order updates intake decided for them.
#include <vector>

#include "store/records.h"

namespace herald::store {

class IntakeStorage {
 public:
  virtual ~IntakeStorage() = default;

  // Each event is stored with its messages and order update, all or nothing; the whole
  // batch is durable when the call returns.
  // An event id already stored for the store answers with the stored messages, duplicate=true.
  virtual std::vector<EventAcceptance> accept_events(const std::vector<NewEvent>& events,
                                                     TimeMs now) = 0;
};

}  // namespace herald::store
