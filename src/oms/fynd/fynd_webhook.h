#pragma once
// Fynd's shipment webhook: x-fp-signature (hex HMAC-SHA256 of the raw body with the
// connector's secret) and the envelope {"event":{...},"payload":{"shipment":{...}}}.
#include "oms/webhook.h"

namespace herald::oms::fynd {

const WebhookReader& webhook_reader();

// The contract §4 type a Fynd shipment status maps to ("" when none); a §4 type name itself
// maps to itself.
std::string event_type_of(const std::string& status);

}  // namespace herald::oms::fynd
