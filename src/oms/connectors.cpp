#include "oms/connectors.h"

#include <spdlog/spdlog.h>

namespace herald::oms {

void StoredCallLog::record(const CallRecord& c) noexcept {
  try {
    storage_.add_oms_call(store_, {0, c.at, c.method, c.path, c.status, c.ms, c.error, c.order_id});
  } catch (const std::exception& e) {
    spdlog::warn("oms: store {}: a call could not be logged ({} {}): {}", store_, c.method, c.path,
                 e.what());
  }
}

std::unique_ptr<Connector> Connectors::for_store(store::StoreId store) {
  const auto s = settings_.get(store);
  if (!s || !s->enabled) throw not_found("OMS connector");
  return make_connector({s->provider, s->api_url, s->affiliate_id, s->affiliate_token, s->secret},
                        {http_, clock_, log_for(store)});
}

CallLog& Connectors::log_for(store::StoreId store) {
  std::lock_guard lock(mutex_);
  auto& log = logs_[store];
  if (!log) log = std::make_unique<StoredCallLog>(storage_, store);
  return *log;
}

}  // namespace herald::oms
