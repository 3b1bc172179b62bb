#pragma once
// The cart's stock check (contract §12.4): the OMS is asked in real time for the cart's SKUs;
// each line is ok when what the OMS has, less the safety stock, covers its quantity.
#include <cstdint>
#include <string>
#include <vector>

#include "oms/connector.h"

namespace herald::oms {

struct CartLine {
  std::string sku;
  std::int64_t qty = 0;
};

struct CartLineStock {
  std::string sku;
  std::int64_t qty = 0;
  std::int64_t available = 0;  // the OMS's quantity less the safety stock, never below 0
  bool ok = false;             // available >= qty
};

struct CartStock {
  bool ok = true;  // every line is
  std::vector<CartLineStock> items;
};

// Asks `oms` for the lines' SKUs (each once, at most kMaxSkusPerStockCall a call); a SKU it
// does not answer for has nothing available. Throws OmsFault when the OMS did not answer.
CartStock check_cart_stock(Connector& oms, std::int64_t safety_stock,
                           const std::vector<CartLine>& lines);

}  // namespace herald::oms
