#pragma once
// Applies each store's retention settings (contract §9): on demand (`herald purge`) and once a
// day inside `herald serve`. With the OMS connector's storage given, its call log goes after
// `calls_days` and the statuses the OMS reported with the store's other metadata.
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/worker_loop.h"
#include "store/cluster.h"
#include "store/oms_storage.h"
#include "store/retention_storage.h"
#include "store/tenant_storage.h"

namespace herald::retention {

struct StorePurge {
  std::string store;  // slug
  store::PurgeCounts counts;
};

// The OMS connector's part of the purge: the same for every store.
struct OmsRetention {
  store::OmsStorage& storage;
  int calls_days = 30;  // [retention] oms_calls_days
};

// Each store's cut-offs come from its settings; `tenants` lists the stores.
std::vector<StorePurge> purge_all(store::TenantStorage& tenants, store::RetentionStorage& retention,
                                  TimeMs now, bool dry_run, const OmsRetention* oms = nullptr);

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
  void set_oms(const OmsRetention& oms) { oms_.emplace(oms); }

 private:
  TimeMs pass();

  store::TenantStorage& tenants_;
  store::RetentionStorage& retention_;
  const Clock& clock_;
  const TimeMs interval_;
  store::Cluster* cluster_ = nullptr;
  std::optional<OmsRetention> oms_;
  WorkerLoop loop_{"retention"};
};

}  // namespace herald::retention
