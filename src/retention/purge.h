#pragma once
// Applies each store's retention settings (contract §9): on demand (`herald purge`) and once a
// day inside `herald serve`.
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/worker_loop.h"
#include "store/cluster.h"
#include "store/retention_storage.h"
#include "store/tenant_storage.h"

namespace herald::retention {

struct StorePurge {
  std::string store;  // slug
  store::PurgeCounts counts;
};

// Each store's cut-offs come from its settings; `tenants` lists the stores.
std::vector<StorePurge> purge_all(store::TenantStorage& tenants, store::RetentionStorage& retention,
                                  TimeMs now, bool dry_run);

// Runs purge_all soon after start and then every `interval`; stop() returns promptly.
class DailyPurge {
 public:
  DailyPurge(store::TenantStorage& tenants, store::RetentionStorage& retention, const Clock& clock,
             TimeMs interval_ms = 24 * 3600 * 1000);
  ~DailyPurge();
  void start();
  void stop();
  // With nodes sharing a database, only the node holding the cluster's "retention" job purges.
  void set_cluster(store::Cluster* cluster) { cluster_ = cluster; }

 private:
  TimeMs pass();

  store::TenantStorage& tenants_;
  store::RetentionStorage& retention_;
  const Clock& clock_;
  const TimeMs interval_;
  store::Cluster* cluster_ = nullptr;
  WorkerLoop loop_{"retention"};
};

}  // namespace herald::retention
