#include "feedback/report_service.h"

#include <spdlog/spdlog.h>

#include "common/error.h"
#include "feedback/report_decision.h"

namespace herald::feedback {

namespace {
// Writers that meet on one message (two callbacks, a callback and a retry) settle within a
// few rounds; beyond this something keeps rewriting it.
constexpr int kMaxAttempts = 10;
}  // namespace

std::optional<store::MessageLocator> ReportService::locate(const MessageReport& r) {
  for (const auto& clue : r.clues) {
    if (clue.id.empty()) continue;
    auto m = clue.provider.empty() ? reports_.locate_message(clue.id)
                                   : reports_.locate_by_provider_ref(clue.provider, clue.id);
    if (m && (!r.scope || m->store_id == *r.scope)) return m;
  }
  return std::nullopt;
}

std::optional<store::MessageLocator> ReportService::report(const MessageReport& r) {
  auto message = locate(r);
  if (!message) return std::nullopt;
  if (!r.provider_ref.empty()) reports_.add_provider_ref(message->seq, r.provider, r.provider_ref);
  for (const auto& f : r.findings) apply(*message, f.update, f.hard, f.original_recipient);
  return message;
}

domain::MessageStatus ReportService::apply(const store::MessageLocator& message,
                                           store::DeliveryUpdate update, bool hard,
                                           std::string_view original) {
  update = complete_update(message, std::move(update), clock_.now_ms(), original);
  const auto status = record(message.seq, update);
  if (auto s = suppression_for(message, update, hard)) {
    suppressions_.put_suppression(message.store_id, *s);
    spdlog::info("feedback: {} suppressed for store {} ({})", s->address, message.store_id,
                 s->reason);
  }
  return status;
}

domain::MessageStatus ReportService::record(std::int64_t seq, const store::DeliveryUpdate& update) {
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    auto state = reports_.report_state(seq);
    if (!state) return domain::MessageStatus::queued;  // gone (retention): nothing to record on
    auto change = decide_report(seq, *state, update);
    if (reports_.record_report(change)) return change.status;
  }
  throw Error(ErrorCode::unavailable, "the message keeps changing; try again", "message");
}

}  // namespace herald::feedback
