#pragma once
#include <string_view>

#include "bounce/bounce.h"
#include "bounce/found.h"

namespace herald::bounce {

// `context` is the whole human-readable report: used when nothing was said about the
// recipient in particular.
BounceRecipient classify(const Found& found, std::string_view context);

}  // namespace herald::bounce
