#include "delivery/outcome_policy.h"

#include "common/ascii.h"
#include "common/utf8.h"
#include "domain/dashboard_figures.h"

namespace herald::delivery {

namespace {
using domain::MessageStatus;
using domain::Outcome;

MessageStatus status_of(Outcome o) {
  switch (o) {
    case Outcome::sent:
      return MessageStatus::sent;
    case Outcome::deferred:
      return MessageStatus::deferred;
    case Outcome::bounced:
      return MessageStatus::bounced;
    case Outcome::failed:
      return MessageStatus::failed;
  }
  return MessageStatus::failed;
}

std::string describe(const domain::RecipientResult& r) {
  if (r.outcome == Outcome::sent) return "Accepted by the receiving server";
  std::string words = domain::describe_reason(r.reason);
  if (r.outcome == Outcome::deferred)
    return words.empty() ? "Temporary failure, will retry" : words + " (will retry)";
  return words.empty() ? "Could not be delivered" : words;
}

store::TimelineEntry entry(TimeMs at, MessageStatus status, const domain::RecipientResult& r,
                           std::string description) {
  store::TimelineEntry e;
  e.at = at;
  e.type = std::string(domain::to_string(status));
  e.status = status;
  e.smtp_code = r.smtp_code;
  e.enhanced_code = r.enhanced_code;
  e.reason = r.reason;
  e.description = std::move(description);
  e.detail = r.address;
  if (!r.detail.empty()) e.detail += e.detail.empty() ? r.detail : ": " + r.detail;
  e.detail = utf8_text(std::move(e.detail));  // a relay's words may be 8-bit
  e.recipient = r.address;
  return e;
}

domain::FigureChanges figures_of(const std::vector<store::TimelineEntry>& timeline,
                                 const store::AttemptState& state) {
  domain::FigureHistory history;
  for (const auto& m : state.marks) history.add(m.type, m.recipient);
  std::vector<domain::FigureEntry> entries;
  entries.reserve(timeline.size());
  for (const auto& e : timeline) entries.push_back({e.at, e.type, e.recipient, e.reason});
  return domain::figures_for_entries(state.store_id, state.seq, std::move(history), entries);
}

// The relay said the address does not exist: sending to it again cannot succeed.
store::Suppression suppression(const domain::RecipientResult& r, const store::AttemptState& state,
                               TimeMs at) {
  store::Suppression s;
  s.address = ascii_lower(r.address);
  s.channel =
      s.address.find('@') == std::string::npos ? domain::Channel::sms : domain::Channel::email;
  s.reason = r.reason;
  s.detail = utf8_text(r.detail);
  s.source_message = state.public_id;
  s.created_at = at;
  return s;
}
}  // namespace

store::AttemptChange decide_attempt(const AttemptRecord& a, const store::AttemptState& state,
                                    int max_attempts) {
  store::AttemptChange c;
  c.decided_on = state;
  c.fence = a.fence;
  c.at = a.at;
  c.fail_count = state.fail_count;
  const int attempts = state.attempts + 1;
  const bool may_retry = a.retry_at.has_value() && attempts < max_attempts;
  std::vector<std::string> pending;
  bool any_bounced = state.bounced_before;
  for (const auto& r : a.results) {
    c.timeline.push_back(entry(a.at, status_of(r.outcome), r, describe(r)));
    if (r.outcome == Outcome::deferred) {
      if (may_retry) {
        pending.push_back(r.address);
      } else {
        ++c.fail_count;
        c.timeline.push_back(entry(
            a.at, MessageStatus::failed, r,
            "Gave up after " + std::to_string(attempts) +
                " attempts: " + domain::describe_reason(r.reason.empty() ? "expired" : r.reason)));
      }
    } else if (r.outcome != Outcome::sent) {
      ++c.fail_count;
      if (r.outcome == Outcome::bounced) {
        any_bounced = true;
        if (domain::is_hard_reason(r.reason)) c.suppressions.push_back(suppression(r, state, a.at));
      }
    }
  }
  if (!pending.empty())
    c.status = MessageStatus::deferred;
  else if (c.fail_count >= state.recipient_count)
    c.status = any_bounced ? MessageStatus::bounced : MessageStatus::failed;
  else
    c.status = MessageStatus::sent;
  c.headers = a.headers;
  // Retries render tracking from the stored HTML, so the sent copy replaces it only at the end.
  if (pending.empty()) c.html = a.html;
  if (!pending.empty())
    c.requeue = store::Requeue{*a.retry_at, attempts, std::move(pending)};
  else
    c.purge_bodies = !state.keep_bodies;  // a store with logging off keeps the row, not the body
  c.figures = figures_of(c.timeline, state);
  return c;
}

}  // namespace herald::delivery
