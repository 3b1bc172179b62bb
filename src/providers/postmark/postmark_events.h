#pragma once
// Postmark webhooks: parsing (Postmark signs nothing: the caller checks HTTP basic auth).
// Parsers and signature checks follow the rules of providers/provider.h.
#include <string>
#include <string_view>
#include <vector>

#include "tracking/delivery_event.h"

namespace herald::providers {

using tracking::DeliveryEvent;

// One record (RecordType Delivery, Bounce, SpamComplaint, Open, Click, SubscriptionChange).
// Our id travels as the metadata `herald_id`.
std::vector<DeliveryEvent> parse_postmark(std::string_view body);

}  // namespace herald::providers
