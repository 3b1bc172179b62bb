#include "domain/dashboard_figures.h"

#include "common/ascii.h"

namespace herald::domain {

namespace {
bool is_stage(std::string_view type) {
  return type == "sent" || type == "delivered" || type == "opened" || type == "clicked";
}

bool is_failure(std::string_view type) {
  return type == "bounced" || type == "failed" || type == "undelivered" || type == "complained";
}

std::string recipient_domain(std::string_view recipient) {
  const auto at = recipient.find('@');
  return at == std::string_view::npos ? std::string() : ascii_lower(recipient.substr(at + 1));
}
}  // namespace

void FigureHistory::add(std::string_view type, std::string_view recipient) {
  if (is_stage(type)) stages_.emplace(type);
  if (is_failure(type)) failed_.emplace(recipient);
}

FigureChanges figures_for_new_message(std::int64_t store_id, Channel channel, TimeMs created_at) {
  FigureChanges out;
  out.increments.push_back(
      {store_id, day_of(created_at), "channel", std::string(to_string(channel)), 1});
  return out;
}

FigureChanges figures_for_entries(std::int64_t store_id, std::int64_t message_seq,
                                  FigureHistory history, const std::vector<FigureEntry>& entries) {
  FigureChanges out;
  for (const auto& e : entries) {
    if (is_stage(e.type) && !history.reached(e.type))
      out.increments.push_back({store_id, day_of(e.at), "stage", e.type, 1});
    if (is_failure(e.type) && !history.failed(e.recipient)) {
      const std::string reason = e.reason.empty() ? e.type : e.reason;
      out.increments.push_back({store_id, day_of(e.at), "fail", reason, 1});
      out.failures.push_back(
          {store_id, message_seq, e.recipient, reason, recipient_domain(e.recipient), e.at});
    }
    history.add(e.type, e.recipient);
  }
  return out;
}

}  // namespace herald::domain
