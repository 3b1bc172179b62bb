#pragma once
// Applies each store's retention settings (contract §9): on demand (`herald purge`) and once a
// day inside `herald serve`.
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/worker_loop.h"
#include "store/storage.h"

namespace herald::retention {

struct StorePurge {
  std::string store;  // slug
  store::PurgeCounts counts;
};

std::vector<StorePurge> purge_all(store::Storage& storage, TimeMs now, bool dry_run);

// Runs purge_all soon after start and then every `interval`; stop() returns promptly.
class DailyPurge {
 public:
  DailyPurge(store::Storage& storage, const Clock& clock, TimeMs interval_ms = 24 * 3600 * 1000);
  ~DailyPurge();
  void start();
  void stop();

 private:
  TimeMs pass();

  store::Storage& storage_;
  const Clock& clock_;
  const TimeMs interval_;
  WorkerLoop loop_{"retention"};
};

}  // namespace herald::retention
