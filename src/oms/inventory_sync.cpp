#include "oms/inventory_sync.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <unordered_map>
#include <unordered_set>

namespace herald::oms {

std::string rfc3339_second(TimeMs t) {
  std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

nlohmann::json SyncOutcome::to_json() const {
  return {{"since", rfc3339_second(since)},
          {"until", rfc3339_second(until)},
          {"changed", changed},
          {"updated", updated},
          {"unmapped", unmapped},
          {"added", added}};
}

namespace {
Error sync_running() {
  return Error(ErrorCode::conflict, "a sync is running", "sync");
}
}  // namespace

SyncOutcome InventorySync::run(Connectors& connectors, store::StoreId store) {
  auto oms = connectors.for_store(store);
  const auto settings = connectors.settings(store);
  return run_with(store, *oms, settings ? settings->safety_stock : 0);
}

SyncOutcome InventorySync::run_with(store::StoreId store, Connector& oms,
                                    std::int64_t safety_stock) {
  const std::string task = "inventory-sync:" + std::to_string(store);
  if (!cluster_->try_start(task)) throw sync_running();
  struct Finish {
    store::Cluster& cluster;
    const std::string& task;
    ~Finish() { cluster.finish(task); }
  } finish{*cluster_, task};
  return sync_now(store, oms, safety_stock);
}

SyncOutcome InventorySync::sync_now(store::StoreId store, Connector& oms,
                                    std::int64_t safety_stock) {
  SyncOutcome out;
  const auto state = stock_.stock_sync_state(store);
  out.since = state ? state->cursor : 0;
  // The OMS is asked to the second: the cursor is kept to the second, so the next sync asks
  // from exactly this `until`, and a change in the same second is seen twice, never missed.
  out.until = clock_.now_ms() / 1000 * 1000;

  std::vector<std::string> changed;
  std::unordered_set<std::string> seen;
  std::string page_id;
  for (int pages = 1;; ++pages) {
    auto page = oms.stock_changes(out.since, page_id);
    for (auto& line : page.items)
      if (seen.insert(line.sku).second) changed.push_back(std::move(line.sku));
    if (!page.has_next) break;
    if (page.next_id.empty() || page.next_id == page_id || pages >= kMaxChangePages)
      throw OmsFault(FaultKind::server_error, 0,
                     "the OMS's pages of stock changes do not end (next_id '" + page.next_id +
                         "' after page " + std::to_string(pages) + ")");
    page_id = page.next_id;
  }

  // SKUs the storefront started selling since they last changed at the OMS have no stock row:
  // asked for now, though the OMS lists no change for them.
  std::vector<std::string> added;
  for (auto& sku : stock_.unsynced_skus(store))
    if (!seen.count(sku)) added.push_back(std::move(sku));
  std::vector<std::string> asked = changed;
  asked.insert(asked.end(), added.begin(), added.end());
  const std::unordered_set<std::string> asked_set(asked.begin(), asked.end());

  // A SKU the stock call does not answer for has no stock at the OMS.
  std::unordered_map<std::string, std::int64_t> quantity;
  for (std::size_t at = 0; at < asked.size(); at += kMaxSkusPerStockCall) {
    const auto end = std::min(asked.size(), at + kMaxSkusPerStockCall);
    std::vector<std::string> chunk(asked.begin() + static_cast<std::ptrdiff_t>(at),
                                   asked.begin() + static_cast<std::ptrdiff_t>(end));
    for (const auto& line : oms.stock_of(chunk))
      if (asked_set.count(line.sku)) quantity[line.sku] = line.quantity;
  }

  const auto sold_list = stock_.sold_skus(store, changed);
  std::unordered_set<std::string> sold(sold_list.begin(), sold_list.end());
  sold.insert(added.begin(), added.end());
  const TimeMs now = clock_.now_ms();
  store::StockSync sync;
  sync.store_id = store;
  for (const auto& sku : asked) {
    const auto it = quantity.find(sku);
    const std::int64_t q = it == quantity.end() ? 0 : it->second;
    if (sold.count(sku))
      sync.stock.push_back({sku, std::max<std::int64_t>(0, q - safety_stock), q, now});
    else
      sync.unmapped.push_back({sku, q, now});
  }
  out.changed = changed.size();
  out.added = added.size();
  out.updated = sync.stock.size();
  out.unmapped = sync.unmapped.size();
  sync.cursor = out.until;
  sync.result_json = out.to_json().dump();
  sync.now = now;
  stock_.record_stock_sync(sync);
  spdlog::info("oms: inventory sync store {} {}", store, sync.result_json);
  return out;
}

}  // namespace herald::oms
