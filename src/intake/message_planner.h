#pragma once
// The one message planner. An order event, POST /v1/messages, a campaign action and a resend
// differ only in what they ask for; the template choice (with locale fallback), the recipients'
// normalized forms, the rendering and the NewMessage are decided here, rendered now so the log
// holds exactly what will be sent. A message that cannot be made says why (`skipped`).
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "intake/event_request.h"
#include "render/renderer.h"
#include "store/records.h"

namespace herald::intake {

// Where the content comes from: the first of these that is set.
struct ContentSource {
  std::optional<render::Rendered> rendered;                       // final already (sending again)
  std::optional<store::TemplateRecord> inline_template;           // given with the request
  const std::vector<store::TemplateRecord>* templates = nullptr;  // one is picked by locale
  std::string locale;
  const nlohmann::json* vars = nullptr;  // template_vars(); unused for `rendered`
};

struct MessageInput {
  domain::Channel channel = domain::Channel::email;
  std::string type;
  std::string template_key;  // recorded when the content comes from `templates`
  ContentSource content;
  std::string from;
  std::vector<std::string> to, cc;  // as given; an SMS is addressed in E.164
  std::string reply_to;
  std::string event_id, order_id, customer_id, cart_id, resent_from;
  std::int64_t campaign_id = 0, status_change_id = 0;
};

struct PlannedMessage {
  std::optional<store::NewMessage> message;
  store::Skipped skipped;  // when there is no message: no_template, no_phone, template_error...
  std::string field;       // the input at fault for a skip: type, to, cc, reply_to or template
};

// Checks in this order: content (no_template), recipients (no_email / no_phone, then
// invalid_email / invalid_phone naming the first bad address, then an email's reply_to), rendering
// (template_error), an empty SMS (empty_message).
PlannedMessage plan(const store::StoreRecord& store, const MessageInput& in, TimeMs now);

// The variables a template sees: order, customer, data, store, event.
nlohmann::json template_vars(const store::StoreRecord& store, const nlohmann::json& body);

// The normalized form of a recipient (lowercase email, E.164 phone read in the store's
// country), nullopt when it is not a valid address.
std::optional<std::string> normalized_address(const store::StoreRecord& store,
                                              domain::Channel channel, const std::string& address);

// An order event's messages: one per channel that has a template and an address. Every channel
// that gets no message is listed in `skipped` with the reason.
struct PlannerContext {
  const store::StoreRecord& store;
  const std::vector<store::TemplateRecord>& templates;  // every template for the event's type
  std::string from;                                     // sender address
  TimeMs now = 0;
};
// The event itself goes with them, to be stored.
store::NewEvent plan_event(const PlannerContext& ctx, EventRequest event);

}  // namespace herald::intake
