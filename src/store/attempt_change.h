#pragma once
// How a delivery attempt ends, as decided by delivery's outcome policy: storage records the
// change as it is, provided the message has not moved since the state it was decided on.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/message.h"
#include "store/records.h"

namespace herald::store {

// A queued message as stored: what the end of an attempt is decided on.
struct AttemptState {
  std::int64_t seq = 0;
  // False: the message has left the queue (a worker whose lease expired recorded it already).
  bool queued = false;
  StoreId store_id = 0;
  std::string public_id;
  domain::MessageStatus status = domain::MessageStatus::queued;
  int attempts = 0;  // attempts recorded before this one
  int fail_count = 0;
  int recipient_count = 0;
  bool bounced_before = false;  // its timeline already holds a bounce
  bool keep_bodies = true;      // the store keeps message bodies in its log (logging on)
  int timeline_entries = 0;
  std::vector<TimelineMark> marks;  // each distinct (type, recipient) on its timeline
};

// The message stays in the queue for these recipients, due again at `due_at`.
struct Requeue {
  TimeMs due_at = 0;
  int attempts = 0;  // attempts made, this one included
  std::vector<std::string> pending;
};

struct AttemptChange {
  // The fencing number of the claim the attempt was made under (QueuedMessage::fence): when
  // the message has been claimed again since (this claim's lease expired), the change is
  // refused, whatever its state.
  std::int64_t fence = 0;
  // Compare-and-set: recorded only while the message is still queued with the status,
  // fail_count, attempts, bounce and timeline length of this state.
  AttemptState decided_on;
  TimeMs at = 0;
  std::vector<TimelineEntry> timeline;
  domain::MessageStatus status = domain::MessageStatus::queued;
  int fail_count = 0;
  std::vector<Suppression> suppressions;  // an address already on the list keeps its entry
  std::optional<Requeue> requeue;         // none: the message leaves the queue
  std::string headers;                    // as sent; empty keeps what is stored
  std::string html;                       // as sent; empty keeps what is stored
  bool purge_bodies = false;              // remove the stored body, keep the log row
  domain::FigureChanges figures;          // what the timeline entries add to the dashboard
};

enum class ChangeRecorded {
  recorded,
  moved,   // the message moved since its state was read: read again and decide again
  fenced,  // claimed again under a newer fencing number: the new owner records its attempt
};

}  // namespace herald::store
