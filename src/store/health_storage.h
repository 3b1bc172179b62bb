#pragma once
// What /health and /metrics read: whether the database answers, and figures over all stores.
// Kept apart from the queue role so that the endpoints that report on the queue cannot claim
// from it.
#include <cstdint>
#include <optional>
#include <string>

#include "store/records.h"

namespace herald::store {

class HealthStorage {
 public:
  virtual ~HealthStorage() = default;

  virtual bool ping() = 0;
  // Why the last write failed for want of a writable database (disk full, read-only, I/O),
  // as a client may read it; nullopt when the last write that changed anything succeeded.
  virtual std::optional<std::string> write_failure() = 0;
  // Commits one small change (the time of the probe), so that write_failure() reflects
  // whether writing works now even when nothing else writes. Never throws.
  virtual void probe_write(TimeMs now) = 0;
  virtual Counts counts() = 0;
  // Messages waiting to be sent or retried.
  virtual std::int64_t queue_depth() = 0;
};

}  // namespace herald::store
