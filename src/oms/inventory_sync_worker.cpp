#include "oms/inventory_sync_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace herald::oms {

InventorySyncWorker::~InventorySyncWorker() {
  stop();
}

void InventorySyncWorker::start() {
  loop_.add([this] { return [this] { return pass(); }; });
  loop_.start();
}

void InventorySyncWorker::stop() {
  loop_.stop();
}

std::optional<TimeMs> InventorySyncWorker::due_at(store::StoreId store, TimeMs& interval) {
  const auto settings = connectors_.settings(store);
  if (!settings || !settings->enabled) return std::nullopt;
  interval = timing_.interval_ms > 0
                 ? timing_.interval_ms
                 : static_cast<TimeMs>(settings->inventory_sync_minutes) * 60 * 1000;
  const auto state = stock_.stock_sync_state(store);
  TimeMs due = state ? state->synced_at + interval : 0;
  auto r = retries_.find(store);
  // A sync that succeeded after the failure (on demand, or on another node) ends the backoff.
  if (r != retries_.end() && state && state->synced_at >= r->second.failed_at)
    retries_.erase(r);
  else if (r != retries_.end())
    due = r->second.next_at;
  return due;
}

TimeMs InventorySyncWorker::pass() {
  if (cluster_ && !cluster_->hold("inventory-sync")) return timing_.poll_ms;
  TimeMs wait = timing_.poll_ms;
  for (const auto store : connectors_.enabled_stores()) {
    TimeMs interval = 0;
    std::optional<TimeMs> due;
    try {
      due = due_at(store, interval);
    } catch (const std::exception& e) {
      spdlog::error("oms: inventory sync store {}: {}", store, e.what());
      continue;
    }
    if (!due) continue;
    const TimeMs now = clock_.now_ms();
    if (*due > now) {
      wait = std::min(wait, *due - now);
      continue;
    }
    try {
      sync_.run(connectors_, store);
      retries_.erase(store);
      wait = std::min(wait, interval);
    } catch (const std::exception& e) {
      if (const auto* error = dynamic_cast<const Error*>(&e);
          error && error->code() == ErrorCode::conflict) {
        // A sync on demand, on this node or another: once it ends, the store is due later.
        spdlog::info("oms: inventory sync store {}: a sync is running, looked at again soon",
                     store);
        wait = std::min(wait, timing_.first_retry_ms);
        continue;
      }
      auto& r = retries_[store];
      r.failures = std::min(r.failures + 1, 30);
      r.failed_at = now;
      const TimeMs backoff =
          std::min(interval, timing_.first_retry_ms << std::min(r.failures - 1, 20));
      r.next_at = now + backoff;
      wait = std::min(wait, backoff);
      spdlog::warn("oms: inventory sync store {} failed ({}), cursor kept; again in {} s", store,
                   e.what(), backoff / 1000);
    }
  }
  return wait;
}

}  // namespace herald::oms
