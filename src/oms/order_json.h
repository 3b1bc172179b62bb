#pragma once
// The storefront's order and serviceability requests (contract §12.5) read from JSON, with an
// error naming the field at fault, and an order written back as JSON: what is kept with a
// pushed order and read again when its push is retried.
#include <nlohmann/json.hpp>

#include "oms/connector.h"

namespace herald::oms {

// `{"order_id","payment":"prepaid|cod","customer":{name,email,phone},"address":{…,"pincode"},
// "items":[{"sku","qty","price"}]}`. Throws bad_request naming the field (e.g. "items[1].qty").
PlaceOrderRequest parse_order_request(const nlohmann::json& body);
nlohmann::json order_request_json(const PlaceOrderRequest& r);

// `{"pincode","payment":"prepaid|cod","items":[{"sku","qty"}]}`.
ServiceabilityRequest parse_serviceability_request(const nlohmann::json& body);

// `{"status":"paid|failed","gateway","reference"}`.
PaymentConfirmation parse_payment_confirmation(const nlohmann::json& body);

// A storefront order id: 1-200 characters, no control characters. Throws bad_request naming
// "order_id".
void check_order_id(const std::string& order_id);

}  // namespace herald::oms
