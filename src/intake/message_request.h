#pragma once
// A message not tied to an order event: POST /v1/messages (contract §4).
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/records.h"

namespace herald::intake {

struct MessageRequest {
  std::string type;  // password_reset, newsletter, ... or a custom type with a template
  domain::Channel channel = domain::Channel::email;
  std::vector<std::string> to, cc;
  std::string reply_to, locale;
  std::string customer_id, cart_id, order_id;
  // Inline content, used instead of the type's template when given.
  std::optional<std::string> subject, html, text, sms;
  nlohmann::json data = nlohmann::json::object();
};

inline constexpr size_t kMaxRecipients = 10'000;

// Throws herald::Error(bad_request) naming the field at fault.
MessageRequest parse_message_request(std::string_view body);

// Renders and addresses the message. Throws bad_request when there is neither inline content
// nor a template for the type, or a recipient address is not valid.
store::NewMessage plan_message(const store::StoreRecord& store,
                               const std::vector<store::TemplateRecord>& templates,
                               const MessageRequest& request, const std::string& from, TimeMs now);

}  // namespace herald::intake
