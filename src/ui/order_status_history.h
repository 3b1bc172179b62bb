#pragma once
// The order page's "Status history" section: every status change of the order (contract §7),
// oldest first, with the name the store gave the status.
#include <string>
#include <vector>

#include "ui/ui_context.h"

namespace herald::ui {

struct OrderStatusChange {
  TimeMs at = 0;
  std::string type;   // general, delivery, payment
  std::string code;   // e.g. SHIPPED
  std::string name;   // the store's name for it; the code when the store defined none
  bool late = false;  // arrived after a newer change: history only, never current
};

std::vector<OrderStatusChange> order_status_history(UiContext& ctx, store::StoreId store,
                                                    const std::string& order_id);

}  // namespace herald::ui
