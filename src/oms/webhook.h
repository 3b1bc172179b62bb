#pragma once
// An OMS's order webhook read into Herald's terms (contract §12.3). Each provider knows its
// signature header and envelope (oms/fynd/fynd_webhook.h); webhook_intake.h does the rest.
#include <nlohmann/json.hpp>
#include <string>

#include "common/clock.h"

namespace herald::oms {

struct WebhookEvent {
  std::string event_id;
  std::string order_id;
  std::string shipment_id;
  std::string status;      // as the OMS wrote it
  std::string event_type;  // the contract §4 type it maps to; "" when none does
  TimeMs at = 0;           // when it happened, as the OMS says (0: it did not say)
  // The §4 event (id, occurred_at, order, customer, data) without its "type".
  nlohmann::json event;
};

struct WebhookReader {
  const char* signature_header;
  // Whether `signature` (the header's value) signs `raw` with `secret`, in constant time.
  bool (*signed_by)(const std::string& raw, const std::string& signature,
                    const std::string& secret);
  // Throws bad_request naming the field when the body is not the provider's envelope.
  WebhookEvent (*read)(const std::string& raw);
};

}  // namespace herald::oms
