#include "orders/status_definitions.h"

#include "common/error.h"
#include "orders/status_rules.h"

namespace herald::orders {

void check_status_definition(const store::OrderStatusDef& d) {
  if (d.name.empty() || d.name.size() > 200)
    throw bad_request("name is required (1-200 characters)", "name");
  if (!parse_status_kind(d.type))
    throw bad_request("type must be general, delivery or payment", "type");
  if (!valid_code(d.code))
    throw bad_request("code must be 1-100 letters, digits, '_', '-' or '.'", "code");
}

}  // namespace herald::orders
