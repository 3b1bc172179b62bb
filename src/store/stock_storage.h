#pragma once
// The storefront's stock as the OMS gives it (contract §12.4): the SKUs the storefront sells,
// the synced stock of each, the SKUs the OMS has stock for that the storefront does not sell,
// and the inventory sync's cursor. Every method is confined to the StoreId.
#include <optional>
#include <string>
#include <vector>

#include "store/order_update.h"

namespace herald::store {

struct StockRow {
  std::string sku;
  std::int64_t quantity = 0;      // what the storefront may sell: the OMS's less safety stock
  std::int64_t oms_quantity = 0;  // the OMS's own figure
  TimeMs synced_at = 0;
};

struct UnmappedSku {
  std::string sku;
  std::int64_t quantity = 0;  // the OMS's own figure
  TimeMs seen_at = 0;
};

// What the last successful inventory sync left: the next one asks for changes since `cursor`.
struct StockSyncState {
  TimeMs cursor = 0;
  TimeMs synced_at = 0;     // when it was recorded
  std::string result_json;  // its answer ({"since","until","changed","updated","unmapped"})
};

// A successful sync, recorded at once: the stock of the changed SKUs the storefront sells, the
// OMS figures of those it does not (quantity 0: no longer listed), and the new cursor.
struct StockSync {
  StoreId store_id = 0;
  std::vector<StockRow> stock;
  std::vector<UnmappedSku> unmapped;
  TimeMs cursor = 0;
  std::string result_json;
  TimeMs now = 0;
};

class StockStorage {
 public:
  virtual ~StockStorage() = default;

  // Replaces the store's list of SKUs (given without duplicates).
  virtual void put_catalog_skus(StoreId store, const std::vector<std::string>& skus) = 0;
  virtual std::vector<std::string> catalog_skus(StoreId store) = 0;  // in byte order
  // Of `skus`, those in the store's list.
  virtual std::vector<std::string> sold_skus(StoreId store,
                                             const std::vector<std::string>& skus) = 0;
  // The store's SKUs that no sync has written a stock row for yet, in byte order.
  virtual std::vector<std::string> unsynced_skus(StoreId store) = 0;

  // The synced rows of those SKUs that have one, in byte order of SKU.
  virtual std::vector<StockRow> stock(StoreId store, const std::vector<std::string>& skus) = 0;
  // SKUs the OMS listed with stock that are not in the store's list, in byte order.
  virtual std::vector<UnmappedSku> unmapped_skus(StoreId store) = 0;

  virtual std::optional<StockSyncState> stock_sync_state(StoreId store) = 0;
  // In one transaction: the rows written, the unmapped SKUs with quantity 0 removed and the
  // others written, and the cursor moved on (never back: of two syncs that met, the later
  // cursor stays).
  virtual void record_stock_sync(const StockSync& sync) = 0;
};

}  // namespace herald::store
