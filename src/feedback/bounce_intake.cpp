#include "feedback/bounce_intake.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace herald::feedback {

namespace {
std::string local_part(const std::string& address) {
  auto s = address;
  if (!s.empty() && s.front() == '<') s.erase(0, 1);
  if (!s.empty() && s.back() == '>') s.pop_back();
  return s.substr(0, s.find('@'));
}

// The timeline entry a recipient of a report becomes.
std::string update_type(const bounce::BounceRecipient& r) {
  if (r.reason == "feedback") return "complained";
  if (r.reason == "vacation") return "autoreply";
  if (r.reason == "delivered") return "delivered";
  return "bounced";
}
}  // namespace

std::vector<std::string> candidate_ids(const bounce::BounceReport& report) {
  std::vector<std::string> out(report.original_x_herald_message_ids.begin(),
                               report.original_x_herald_message_ids.end());
  if (!report.original_message_id.empty()) out.push_back(local_part(report.original_message_id));
  for (const auto& verp : {report.report_to, report.original_return_path}) {
    auto local = local_part(verp);
    const std::string prefix = "bounce+";
    if (local.rfind(prefix, 0) == 0) out.push_back(local.substr(prefix.size()));
  }
  return out;
}

BounceOutcome ingest_bounce(store::ReportStorage& storage, ReportService& reports,
                            const Clock& clock, std::string_view raw, const std::string& source,
                            std::optional<store::StoreId> scope) {
  BounceOutcome out;
  out.report = bounce::parse_bounce(raw);
  const TimeMs now = clock.now_ms();
  MessageReport report;
  for (const auto& id : candidate_ids(out.report)) report.clues.push_back({id, ""});
  report.scope = scope;
  // A report that is not a bounce (an ordinary reply) records nothing, even on its message.
  if (out.report.is_bounce)
    for (const auto& r : out.report.recipients) {
      store::DeliveryUpdate u;
      u.at = now;
      u.type = update_type(r);
      u.recipient = r.address;
      u.smtp_code = r.reply_code.empty() ? 0 : std::atoi(r.reply_code.c_str());
      u.enhanced_code = r.status;
      u.reason = r.reason;
      u.detail = r.diagnostic;
      if (!r.feedback_type.empty()) u.detail = "feedback type " + r.feedback_type + ". " + u.detail;
      report.findings.push_back({std::move(u), r.hard_bounce, r.original_address});
    }
  out.message = reports.report(report);
  if (!out.message || !out.report.is_bounce) {
    store::UnmatchedBounce u;
    u.store_id = scope.value_or(0);
    u.received_at = now;
    u.source = source;
    u.summary = bounce::bounce_json_line("", out.report);
    u.raw = std::string(raw.substr(0, 256 * 1024));
    storage.add_unmatched_bounce(u);
    spdlog::info("bounces: kept an unmatched {} report ({} recipients)",
                 out.report.is_bounce ? "bounce" : "non-bounce", out.report.recipients.size());
    if (!out.report.is_bounce) out.message.reset();
  }
  return out;
}

}  // namespace herald::feedback
