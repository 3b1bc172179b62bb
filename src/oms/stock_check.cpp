#include "oms/stock_check.h"

#include <algorithm>
#include <unordered_map>

namespace herald::oms {

CartStock check_cart_stock(Connector& oms, std::int64_t safety_stock,
                           const std::vector<CartLine>& lines) {
  std::vector<std::string> skus;
  std::unordered_map<std::string, std::int64_t> available;
  for (const auto& l : lines)
    if (available.emplace(l.sku, 0).second) skus.push_back(l.sku);
  for (std::size_t at = 0; at < skus.size(); at += kMaxSkusPerStockCall) {
    const auto end = std::min(skus.size(), at + kMaxSkusPerStockCall);
    const std::vector<std::string> chunk(skus.begin() + static_cast<std::ptrdiff_t>(at),
                                         skus.begin() + static_cast<std::ptrdiff_t>(end));
    for (const auto& s : oms.stock_of(chunk)) {
      auto it = available.find(s.sku);
      if (it != available.end()) it->second = std::max<std::int64_t>(0, s.quantity - safety_stock);
    }
  }
  CartStock out;
  for (const auto& l : lines) {
    const auto a = available.at(l.sku);
    out.items.push_back({l.sku, l.qty, a, a >= l.qty});
    out.ok = out.ok && a >= l.qty;
  }
  return out;
}

}  // namespace herald::oms
