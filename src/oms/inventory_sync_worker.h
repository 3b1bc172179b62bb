#pragma once
// The inventory sync in the background: each store whose connector is on is synced every
// `inventory_sync_minutes` after its last successful sync; a sync the OMS did not answer is
// tried again with backoff (30 s, doubling, at most the store's interval). With nodes sharing a
// database only the node holding the cluster's "inventory-sync" job syncs.
#include <map>

#include "common/worker_loop.h"
#include "oms/inventory_sync.h"
#include "store/cluster.h"

namespace herald::oms {

struct SyncTiming {
  TimeMs interval_ms = 0;  // 0: each store's inventory_sync_minutes
  TimeMs first_retry_ms = 30 * 1000;
  // How often a node that does not hold the job asks for it, and the longest wait between
  // passes (so a store whose settings changed is seen within it).
  TimeMs poll_ms = 60 * 1000;
};

class InventorySyncWorker {
 public:
  InventorySyncWorker(InventorySync& sync, Connectors& connectors, store::StockStorage& stock,
                      const Clock& clock, SyncTiming timing = {})
      : sync_(sync), connectors_(connectors), stock_(stock), clock_(clock), timing_(timing) {}
  ~InventorySyncWorker();
  void set_cluster(store::Cluster* cluster) { cluster_ = cluster; }
  void start();
  void stop();

  // One pass: syncs every store that is due; returns how long to wait before the next pass.
  TimeMs pass();

 private:
  struct Retry {
    int failures = 0;
    TimeMs failed_at = 0;
    TimeMs next_at = 0;
  };
  // When the store is due next (now or earlier: due), or nullopt when it has no connector on.
  std::optional<TimeMs> due_at(store::StoreId store, TimeMs& interval);

  InventorySync& sync_;
  Connectors& connectors_;
  store::StockStorage& stock_;
  const Clock& clock_;
  SyncTiming timing_;
  store::Cluster* cluster_ = nullptr;
  std::map<store::StoreId, Retry> retries_;  // only the loop's thread touches it
  WorkerLoop loop_{"inventory-sync"};
};

}  // namespace herald::oms
