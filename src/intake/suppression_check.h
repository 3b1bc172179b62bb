#pragma once
// Who a message is not sent to: recipients on their store's suppression list are held back,
// each with a line on the timeline, and a message with no recipient left is stored as
// suppressed (and, for an order event, listed among what the event skipped).
#include <optional>
#include <vector>

#include "common/clock.h"
#include "store/records.h"
#include "store/suppression_storage.h"

namespace herald::intake {

// Reads the list once for every message of `events` and decides each.
void check_suppressions(store::SuppressionStorage& storage, std::vector<store::NewEvent>& events,
                        TimeMs now);

// One message of `store` (a campaign's).
void check_suppressions(store::SuppressionStorage& storage, store::StoreId store,
                        store::NewMessage& message, TimeMs now);

// `found[i]`: the suppression in force for message.search_addresses[i], if any; the address at
// position i is the i-th recipient of to + cc. Returns true when no recipient is left.
bool hold_suppressed(store::NewMessage& message,
                     const std::vector<std::optional<store::Suppression>>& found, TimeMs now);

}  // namespace herald::intake
