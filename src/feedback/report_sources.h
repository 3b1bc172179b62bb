#pragma once
// Reports that arrive over HTTP, in the report service's one shape: provider callbacks (what
// tracking/'s parsers made of them) and opens and clicks of tracked links.
#include <string>
#include <vector>

#include "feedback/report_service.h"
#include "tracking/delivery_event.h"

namespace herald::feedback {

// The message is looked for by our id, then by the provider's id for it, then by the
// Message-ID header's local part. When the event carries both ids, the provider's id is
// remembered for the message.
MessageReport provider_report(const std::string& provider, const tracking::DeliveryEvent& e);

struct ReportCounts {
  int matched = 0, unmatched = 0;
};

// Records each event on the message it concerns; one that finds no message is only logged.
ReportCounts record_provider_events(ReportService& reports, const std::string& provider,
                                    const std::vector<tracking::DeliveryEvent>& events);

// An open ("opened") or a click ("clicked", with its link) of the message `herald_id`.
MessageReport tracking_report(const std::string& herald_id, const std::string& type,
                              const std::string& url);

}  // namespace herald::feedback
