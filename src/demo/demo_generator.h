#pragma once
// `herald demo`: realistic shops, templates, customers, orders and a month of messages in
// every status, produced through the same planner and storage calls as live traffic.
#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.h"
#include "store/order_storage.h"
#include "store/storage.h"

namespace herald::demo {

struct DemoOptions {
  int messages = 5000;  // about how many messages in all (both stores)
  int days = 30;        // how far back the history goes
  std::uint32_t seed = 42;
  TimeMs now = 0;
  std::string from;  // sender; the shop's own domain is used when empty
};

struct DemoStoreResult {
  std::string slug;
  std::string api_key;  // empty when the store already existed
  bool created = false;
  std::int64_t events = 0, messages = 0;
};

// Creates the demo stores that do not exist yet and fills them; an existing store is left as
// it is (its API key cannot be shown again: it is only kept hashed).
std::vector<DemoStoreResult> generate_demo(store::Storage& storage, store::OrderStorage& orders,
                                           const DemoOptions& options);

}  // namespace herald::demo
