#pragma once
// Order status definitions (contract §7) as the API and the pages take them.
#include "store/order_storage.h"

namespace herald::orders {

// Throws bad_request naming the field at fault: name (1-200 characters), type (general,
// delivery or payment), code (see valid_code).
void check_status_definition(const store::OrderStatusDef& d);

}  // namespace herald::orders
