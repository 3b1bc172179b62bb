#include "feedback/report_decision.h"

#include <algorithm>

#include "common/utf8.h"
#include "domain/address.h"
#include "domain/dashboard_figures.h"

namespace herald::feedback {

namespace {
using domain::MessageStatus;

// Progress of a message that reached its recipient; a later report never moves it back.
int progress(MessageStatus s) {
  switch (s) {
    case MessageStatus::queued:
      return 0;
    case MessageStatus::deferred:
      return 1;
    case MessageStatus::sent:
      return 2;
    case MessageStatus::delivered:
      return 3;
    case MessageStatus::opened:
      return 4;
    case MessageStatus::clicked:
      return 5;
    default:
      return -1;  // a failure or complaint status
  }
}

bool is_recipient_failure(const std::string& type) {
  return type == "bounced" || type == "undelivered" || type == "failed";
}

bool failure_counted(const store::MessageReportState& state, const std::string& recipient) {
  if (recipient.empty()) return false;
  return std::any_of(state.marks.begin(), state.marks.end(), [&](const store::TimelineMark& m) {
    return m.recipient == recipient && is_recipient_failure(m.type);
  });
}
}  // namespace

std::string describe_update(const store::DeliveryUpdate& u) {
  if (u.type == "delivered") return "Delivered to the recipient";
  if (u.type == "opened") return "The recipient opened it";
  if (u.type == "clicked")
    return u.url.empty() ? "The recipient clicked a link" : "The recipient clicked " + u.url;
  if (u.type == "complained") return domain::describe_reason("feedback");
  if (u.type == "sent") return "Accepted by the gateway";
  std::string words = domain::describe_reason(u.reason);
  if (u.type == "deferred")
    return (words.empty() ? "Delayed by the receiving side" : words) + " (will retry)";
  if (!words.empty()) return words;
  if (u.type == "undelivered") return "The SMS could not be delivered";
  return "Could not be delivered";
}

namespace {
std::string normalized_address(domain::Channel channel, const std::string& address) {
  auto n = channel == domain::Channel::email ? domain::normalize_email(address)
                                             : domain::normalize_phone(address, "");
  return n ? *n : address;
}

bool sent_to(const store::MessageLocator& message, const std::string& address) {
  return std::any_of(
      message.recipients.begin(), message.recipients.end(),
      [&](const std::string& r) { return normalized_address(message.channel, r) == address; });
}

// The recipient of the message a report's address stands for.
std::string recipient_reported(const store::MessageLocator& message, const std::string& named,
                               std::string_view original) {
  if (message.channel != domain::Channel::email || message.recipients.empty() ||
      sent_to(message, named))
    return named;
  if (!original.empty()) {
    const std::string given = normalized_address(message.channel, utf8_text(std::string(original)));
    if (sent_to(message, given)) return given;
  }
  return message.recipients.size() == 1
             ? normalized_address(message.channel, message.recipients.front())
             : named;
}
}  // namespace

store::DeliveryUpdate complete_update(const store::MessageLocator& message,
                                      store::DeliveryUpdate update, TimeMs now,
                                      std::string_view original) {
  if (update.at == 0) update.at = now;
  // A report's words come as the bounce or the gateway wrote them, in any charset.
  for (auto* text : {&update.enhanced_code, &update.reason, &update.description, &update.detail,
                     &update.recipient, &update.url})
    *text = utf8_text(std::move(*text));
  if (update.description.empty()) update.description = describe_update(update);
  if (!update.recipient.empty()) {
    const std::string named = normalized_address(message.channel, update.recipient);
    update.recipient = recipient_reported(message, named, original);
    if (update.recipient != named) update.detail = "Reported for " + named + ". " + update.detail;
  } else if (message.recipients.size() == 1) {
    update.recipient = message.recipients.front();
  }
  return update;
}

store::ReportChange decide_report(std::int64_t seq, const store::MessageReportState& state,
                                  const store::DeliveryUpdate& update) {
  store::ReportChange c;
  c.seq = seq;
  c.expected_status = state.status;
  c.expected_fail_count = state.fail_count;
  c.expected_timeline_end = state.timeline_end;
  c.expected_timeline_entries = state.timeline_entries;
  c.entry = update;
  // A report's own clock may lag ours (Kannel gives whole seconds): the timeline stays in
  // order by never placing a report before what is already on it.
  c.entry.at = std::max(update.at, state.timeline_end);
  c.status = state.status;
  c.fail_count = state.fail_count;
  const auto reported = domain::parse_status(update.type);
  if (is_recipient_failure(update.type)) {
    if (!failure_counted(state, update.recipient))
      c.fail_count = std::min(state.fail_count + 1, state.recipient_count);
    if (c.fail_count >= state.recipient_count && reported) c.status = *reported;
  } else if (update.type == "complained") {
    c.status = MessageStatus::complained;
  } else if (reported && progress(*reported) > progress(state.status) &&
             progress(state.status) >= 0) {
    c.status = *reported;
  }
  domain::FigureHistory history;
  for (const auto& m : state.marks) history.add(m.type, m.recipient);
  c.figures =
      domain::figures_for_entries(state.store_id, seq, std::move(history),
                                  {{c.entry.at, c.entry.type, c.entry.recipient, c.entry.reason}});
  return c;
}

std::optional<store::Suppression> suppression_for(const store::MessageLocator& message,
                                                  const store::DeliveryUpdate& update, bool hard) {
  const bool complaint = update.type == "complained";
  if (!(hard && update.type == "bounced") && !complaint) return std::nullopt;
  if (update.recipient.empty()) return std::nullopt;
  store::Suppression s;
  s.channel = message.channel;
  s.address = update.recipient;
  s.reason = complaint ? "feedback" : (update.reason.empty() ? "bounced" : update.reason);
  s.detail = update.detail;
  s.source_message = message.id;
  s.created_at = update.at;
  return s;
}

}  // namespace herald::feedback
