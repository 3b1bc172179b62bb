#include "feedback/report_service.h"

#include <spdlog/spdlog.h>

#include "domain/address.h"

namespace herald::feedback {

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

domain::MessageStatus ReportService::apply(const store::MessageLocator& message,
                                           store::DeliveryUpdate update, bool hard) {
  if (update.at == 0) update.at = clock_.now_ms();
  if (update.description.empty()) update.description = describe_update(update);
  if (!update.recipient.empty()) {
    auto normalized = message.channel == domain::Channel::email
                          ? domain::normalize_email(update.recipient)
                          : domain::normalize_phone(update.recipient, "");
    if (normalized) update.recipient = *normalized;
  } else if (message.recipients.size() == 1) {
    update.recipient = message.recipients.front();
  }
  auto status = storage_.apply_update(message.seq, update);
  const bool complaint = update.type == "complained";
  if ((hard && update.type == "bounced") || complaint) {
    if (!update.recipient.empty()) {
      store::Suppression s;
      s.channel = message.channel;
      s.address = update.recipient;
      s.reason = complaint ? "feedback" : (update.reason.empty() ? "bounced" : update.reason);
      s.detail = update.detail;
      s.source_message = message.id;
      s.created_at = update.at;
      storage_.put_suppression(message.store_id, s);
      spdlog::info("feedback: {} suppressed for store {} ({})", s.address, message.store_id,
                   s.reason);
    }
  }
  return status;
}

}  // namespace herald::feedback
