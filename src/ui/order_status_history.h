#pragma once
// The order page's "Status history" section reads only this function. Order statuses
// (contract §7) are being built separately; after that merges, make this read them.
#include <string>
#include <vector>

#include "ui/ui_context.h"

namespace herald::ui {

struct OrderStatusChange {
  TimeMs at = 0;
  std::string type;  // general, delivery, payment
  std::string code;  // e.g. SHIPPED
  std::string name;
};

std::vector<OrderStatusChange> order_status_history(UiContext& ctx, store::StoreId store,
                                                    const std::string& order_id);

}  // namespace herald::ui
