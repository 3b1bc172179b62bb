#include "ui/order_status_history.h"

#include <map>

namespace herald::ui {

std::vector<OrderStatusChange> order_status_history(UiContext& ctx, store::StoreId store,
                                                    const std::string& order_id) {
  auto order = ctx.orders.get_order(store, order_id);
  if (!order) return {};
  std::map<std::pair<std::string, std::string>, std::string> names;
  for (const auto& d : ctx.orders.list_order_statuses(store)) names[{d.type, d.code}] = d.name;
  std::vector<OrderStatusChange> out;
  for (const auto& c : order->history) {
    auto it = names.find({c.type, c.to_code});
    out.push_back(
        {c.at, c.type, c.to_code, it == names.end() ? c.to_code : it->second, !c.current});
  }
  return out;
}

}  // namespace herald::ui
