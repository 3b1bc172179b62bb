#pragma once
// The way services reach a store's OMS: its connector, made from its stored settings, with
// every call written to the store's call log. Shared by the stock sync, the order push, the
// reconciler and the support endpoints.
#include <map>
#include <memory>
#include <mutex>

#include "oms/connector.h"
#include "oms/oms_settings.h"
#include "oms/registry.h"

namespace herald::oms {

// Writes a store's calls to storage::OmsStorage.
class StoredCallLog final : public CallLog {
 public:
  StoredCallLog(store::OmsStorage& storage, store::StoreId store)
      : storage_(storage), store_(store) {}
  void record(const CallRecord& call) noexcept override;

 private:
  store::OmsStorage& storage_;
  store::StoreId store_;
};

class Connectors {
 public:
  Connectors(store::OmsStorage& storage, SettingsService& settings, HttpClient& http,
             const Clock& clock)
      : storage_(storage), settings_(settings), http_(http), clock_(clock) {}

  // The store's connector. Throws not_found ("OMS connector") when the store has none or it is
  // switched off (enabled:false).
  std::unique_ptr<Connector> for_store(store::StoreId store);
  // Its settings (credentials in clear), or nullopt when none are stored.
  std::optional<Settings> settings(store::StoreId store) { return settings_.get(store); }
  // The stores whose connector is on (background work).
  std::vector<store::StoreId> enabled_stores() { return storage_.stores_with_oms_enabled(); }

 private:
  CallLog& log_for(store::StoreId store);

  store::OmsStorage& storage_;
  SettingsService& settings_;
  HttpClient& http_;
  const Clock& clock_;
  std::mutex mutex_;
  std::map<store::StoreId, std::unique_ptr<StoredCallLog>> logs_;
};

}  // namespace herald::oms
