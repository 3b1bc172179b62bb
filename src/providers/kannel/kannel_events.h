#pragma once
// Kannel delivery reports (a GET on our dlr-url): parsing.
// Parsers and signature checks follow the rules of providers/provider.h.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "tracking/delivery_event.h"

namespace herald::providers {

using tracking::DeliveryEvent;

// Our dlr-url for a message: its id, its report token, and Kannel's escapes for what it reports.
std::string kannel_status_url(const std::string& public_url, const std::string& herald_id,
                              const std::string& token);

// The decoded query (its token already checked): id (ours), type (%d), answer (%A), at (%T, Unix
// seconds).
std::vector<DeliveryEvent> parse_kannel(const std::map<std::string, std::string>& query);

}  // namespace herald::providers
