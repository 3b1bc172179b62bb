#pragma once
// How a delivery attempt ends: the status of each recipient, retry or give up, the message's
// status and fail count, which addresses go on the suppression list, what the log keeps, and
// what the attempt adds to the dashboard's figures. A pure decision on the attempt and the
// message as stored; storage records it.
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "domain/message.h"
#include "store/attempt_change.h"

namespace herald::delivery {

// What one delivery attempt of one message brought back from the transport.
struct AttemptRecord {
  std::int64_t seq = 0;
  TimeMs at = 0;
  std::vector<domain::RecipientResult> results;
  std::string headers;             // as sent (email); empty keeps what was stored
  std::optional<TimeMs> retry_at;  // set when some recipients are deferred and may be retried
  std::string html;                // as sent, with tracking links; empty keeps what was stored
  std::int64_t fence = 0;          // of the claim the attempt was made under
};

// `state` is the message as stored before this attempt (it must still be queued).
store::AttemptChange decide_attempt(const AttemptRecord& attempt, const store::AttemptState& state,
                                    int max_attempts);

}  // namespace herald::delivery
