#include "ui/order_status_history.h"

namespace herald::ui {

std::vector<OrderStatusChange> order_status_history(UiContext&, store::StoreId,
                                                    const std::string&) {
  return {};  // nothing records order statuses yet (contract §7 lands with the campaigns work)
}

}  // namespace herald::ui
