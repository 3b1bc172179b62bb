#pragma once
// Records how delivery attempts ended: reads each message as stored, decides with the outcome
// policy and has storage record the decisions together. Two writers can meet on a message (a
// worker whose lease expired, a bounce report arriving): a message that moved meanwhile is
// read again and decided again.
#include <vector>

#include "delivery/outcome_policy.h"
#include "store/queue_storage.h"

namespace herald::delivery {

// A message that already left the queue (its attempt was recorded by another worker), or that
// was claimed again after the lease of this attempt's claim expired, is left as it is.
void record_attempts(store::QueueStorage& queue, const std::vector<AttemptRecord>& attempts,
                     int max_attempts);

}  // namespace herald::delivery
