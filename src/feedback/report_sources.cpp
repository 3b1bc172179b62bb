#include "feedback/report_sources.h"

#include <spdlog/spdlog.h>

namespace herald::feedback {

MessageReport provider_report(const std::string& provider, const tracking::DeliveryEvent& e) {
  MessageReport r;
  r.clues.push_back({e.herald_id, ""});
  r.clues.push_back({e.provider_message_id, provider});
  if (!e.message_id_header.empty())
    r.clues.push_back({e.message_id_header.substr(0, e.message_id_header.find('@')), ""});
  if (!e.provider_message_id.empty() && !e.herald_id.empty()) {
    r.provider = provider;
    r.provider_ref = e.provider_message_id;
  }
  store::DeliveryUpdate u;
  u.at = e.at_ms;
  u.type = e.type;
  u.recipient = e.recipient;
  u.smtp_code = e.smtp_code;
  u.enhanced_code = e.enhanced_code;
  u.reason = e.reason;
  u.detail = e.detail;
  if (!e.provider_error_code.empty())
    u.detail = provider + " " + e.provider_error_code + (u.detail.empty() ? "" : ": " + u.detail);
  u.url = e.url;
  r.findings.push_back({std::move(u), e.hard_bounce});
  return r;
}

ReportCounts record_provider_events(ReportService& reports, const std::string& provider,
                                    const std::vector<tracking::DeliveryEvent>& events) {
  ReportCounts counts;
  for (const auto& e : events) {
    if (reports.report(provider_report(provider, e))) {
      ++counts.matched;
      continue;
    }
    ++counts.unmatched;
    spdlog::info("providers: {} {} event for an unknown message ({} {})", provider, e.type,
                 e.herald_id, e.provider_message_id);
  }
  return counts;
}

MessageReport tracking_report(const std::string& herald_id, const std::string& type,
                              const std::string& url) {
  MessageReport r;
  r.clues.push_back({herald_id, ""});
  store::DeliveryUpdate u;
  u.type = type;
  u.url = url;
  r.findings.push_back({std::move(u), false});
  return r;
}

}  // namespace herald::feedback
