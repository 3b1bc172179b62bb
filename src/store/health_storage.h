#pragma once
// What /health and /metrics read: whether the database answers, and figures over all stores.
// Kept apart from the queue role so that the endpoints that report on the queue cannot claim
// from it.
#include <cstdint>

#include "store/records.h"

namespace herald::store {

class HealthStorage {
 public:
  virtual ~HealthStorage() = default;

  virtual bool ping() = 0;
  virtual Counts counts() = 0;
  // Messages waiting to be sent or retried.
  virtual std::int64_t queue_depth() = 0;
};

}  // namespace herald::store
