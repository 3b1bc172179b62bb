#pragma once
// The delivery queue. Claimed messages are leased; a lease that expires (crash) makes the
// message due again, so nothing in flight is forgotten. Every claim moves the message's fencing
// number on; an outcome recorded under an older one is refused (ChangeRecorded::fenced). Storage
// records the end of an attempt as the delivery service decided it (attempt_change.h); it decides
// nothing.
#include <cstdint>
#include <optional>
#include <vector>

#include "store/attempt_change.h"
#include "store/records.h"

namespace herald::store {

class QueueStorage {
 public:
  virtual ~QueueStorage() = default;

  virtual std::vector<QueuedMessage> claim_due(domain::Channel channel, TimeMs now, int limit,
                                               TimeMs lease_until) = 0;
  // Each queued message as stored now, one state per seq in order: what the end of an
  // attempt is decided on.
  virtual std::vector<AttemptState> attempt_states(const std::vector<std::int64_t>& seqs) = 0;
  // Records decided changes as one unit, all of them or none. A change whose message moved
  // since its state was read is left out, and its answer (same position) says so.
  virtual std::vector<ChangeRecorded> record_attempt_changes(
      const std::vector<AttemptChange>& changes) = 0;
  virtual std::optional<TimeMs> next_due(domain::Channel channel) = 0;
  // At start-up: whatever this node had in flight is due now. Leases held by other nodes
  // sharing the database are left to expire.
  virtual void release_leases() = 0;
  // While a node runs it renews its claims, so that only a node that went silent loses them:
  // every message this node has claimed and not yet answered for is leased until `lease_until`.
  virtual void renew_leases(TimeMs lease_until) = 0;
};

}  // namespace herald::store
