#pragma once
// Bounce intake (contract §6): a raw bounce / complaint / auto-reply, from POST /v1/bounces or
// an MTA's pipe (`herald bounce ingest`), is parsed, matched to the message it answers and
// recorded. What cannot be matched is kept in the unmatched list, never dropped.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bounce/bounce.h"
#include "feedback/report_service.h"

namespace herald::feedback {

struct BounceOutcome {
  bounce::BounceReport report;
  std::optional<store::MessageLocator> message;  // the message it answers, when found
};

// `scope`: only a message of this store may match (a store's API key posted it).
BounceOutcome ingest_bounce(store::ReportStorage& storage, ReportService& reports,
                            const Clock& clock, std::string_view raw, const std::string& source,
                            std::optional<store::StoreId> scope);

// The Herald message id a report names: X-Herald-Message-Id of the returned copy, its
// Message-ID "<id@domain>", or the VERP return path "bounce+<id>@domain".
std::vector<std::string> candidate_ids(const bounce::BounceReport& report);

}  // namespace herald::feedback
