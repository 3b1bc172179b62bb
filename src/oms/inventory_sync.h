#pragma once
// The inventory sync (contract §12.4): which SKUs changed at the OMS since the last successful
// sync, their stock, stored less the safety stock; SKUs the storefront does not sell are kept
// apart as unmapped with the OMS's own figure. Nothing is stored unless the whole sync
// succeeded, so a failed one leaves the cursor where it was and the next asks from there.
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "common/error.h"
#include "oms/connector.h"
#include "oms/connectors.h"
#include "store/cluster.h"
#include "store/stock_storage.h"

namespace herald::oms {

struct SyncOutcome {
  TimeMs since = 0, until = 0;
  std::size_t changed = 0;   // SKUs the OMS listed as changed
  std::size_t updated = 0;   // of those, the storefront's: their stock written
  std::size_t unmapped = 0;  // of those, not the storefront's
  // The storefront's SKUs never synced that the OMS did not list: asked for too, and counted in
  // `updated` (changed + added = updated + unmapped).
  std::size_t added = 0;
  // {"since","until","changed","updated","unmapped","added"}, times in RFC 3339 to the second.
  nlohmann::json to_json() const;
};

// A sync that follows more pages than this is taken for an OMS whose pages do not end.
inline constexpr int kMaxChangePages = 100000;

class InventorySync {
 public:
  InventorySync(store::StockStorage& stock, const Clock& clock) : stock_(stock), clock_(clock) {}
  // The nodes sharing the database; without one, syncs are kept apart on this node only.
  void set_cluster(store::Cluster* cluster) { cluster_ = cluster ? cluster : &solo_; }

  // Syncs the store now: throws not_found when its connector is missing or off, OmsFault when
  // the OMS did not answer (nothing stored), and conflict naming "sync" while another sync of
  // the store runs, on this node or another (then nothing is called at the OMS).
  SyncOutcome run(Connectors& connectors, store::StoreId store);
  // What run() does once it has the store's connector and safety stock.
  SyncOutcome run_with(store::StoreId store, Connector& oms, std::int64_t safety_stock);

 private:
  SyncOutcome sync_now(store::StoreId store, Connector& oms, std::int64_t safety_stock);

  store::StockStorage& stock_;
  const Clock& clock_;
  store::SoloCluster solo_;
  store::Cluster* cluster_ = &solo_;
};

// RFC 3339 to the second ("1970-01-01T00:00:00Z"), as the OMS is asked.
std::string rfc3339_second(TimeMs t);

}  // namespace herald::oms
