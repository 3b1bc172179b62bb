#pragma once
#include <string_view>

#include "bounce/bounce.h"
#include "bounce/found.h"
#include "bounce/phrase_index.h"

namespace herald::bounce {

// `context` is the whole human-readable report: used when nothing was said about the
// recipient in particular.
struct ReportContext {
  std::string lower_text;  // the whole human-readable report, lower case
  ReasonSet reasons;       // what it says
};
ReportContext report_context(std::string_view text);

BounceRecipient classify(const Found& found, const ReportContext& context);

}  // namespace herald::bounce
