#include "orders/order_status_service.h"

#include <map>
#include <set>
#include <utility>

#include "common/error.h"

namespace herald::orders {

namespace {
using nlohmann::json;

// Enough for any realistic meeting of writers on one order; beyond it something is wrong.
constexpr int kMaxAttempts = 20;

// order / customer / data of an event's payload.
json event_patch(const store::NewEvent& e) {
  json patch = json::object();
  const auto& payload = e.payload;
  if (payload.is_object())
    for (const char* key : {"order", "customer", "data"})
      if (payload.contains(key) && payload.at(key).is_object()) patch[key] = payload.at(key);
  return patch;
}

// The later of the stored status at `at` and the changes decided earlier in the same batch
// (those come after every stored one).
std::optional<CurrentStatus> status_then(store::OrderStorage& storage, const StatusChangeRequest& r,
                                         const std::vector<store::NewStatusChange>& decided) {
  std::optional<CurrentStatus> out;
  if (auto s = storage.status_at(r.store_id, r.order_id, r.type, r.at))
    out = CurrentStatus{s->code, s->at};
  for (const auto& c : decided)
    if (c.type == r.type && c.at <= r.at && (!out || c.at >= out->at))
      out = CurrentStatus{c.to_code, c.at};
  return out;
}
}  // namespace

StatusChangeResult OrderStatusService::record_change(const StatusChangeRequest& r, TimeMs now) {
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    const auto state = storage_.order_states({{r.store_id, r.order_id}}).at(0);
    std::optional<CurrentStatus> then;
    if (classify_change(current_status(state, r.type), r.code, r.at) == ChangeOutcome::late)
      then = status_then(storage_, r, {});
    auto d = decide_change(state, r, then);
    if (auto id = storage_.record_status_change(d.update, now)) {
      d.result.change_id = *id;
      return d.result;
    }
  }
  throw Error(ErrorCode::unavailable, "order '" + r.order_id + "' keeps changing; try again",
              "order_id");
}

void OrderStatusService::decide_events(std::vector<store::NewEvent>& events) {
  std::vector<store::OrderKey> keys;
  std::map<std::pair<store::StoreId, std::string>, size_t> index;
  for (const auto& e : events)
    if (!e.event_id.empty() && index.emplace(std::pair{e.store_id, e.order_id}, keys.size()).second)
      keys.push_back({e.store_id, e.order_id});
  if (keys.empty()) return;
  auto states = storage_.order_states(keys);
  std::vector<std::vector<store::NewStatusChange>> decided(keys.size());
  struct Mapping {
    std::vector<StatusMapping> overrides;
    std::vector<store::OrderStatusDef> statuses;
  };
  std::map<store::StoreId, Mapping> mappings;
  // A copy of an event earlier in the batch is answered as a duplicate: it moves nothing.
  std::set<std::pair<store::StoreId, std::string>> decided_events;
  for (auto& e : events) {
    e.order_update.reset();
    if (e.event_id.empty() || !decided_events.emplace(e.store_id, e.event_id).second) continue;
    const size_t i = index.at({e.store_id, e.order_id});
    auto m = mappings.find(e.store_id);
    if (m == mappings.end())
      m = mappings
              .emplace(e.store_id, Mapping{storage_.status_mapping_overrides(e.store_id),
                                           storage_.list_order_statuses(e.store_id)})
              .first;
    const auto patch = event_patch(e);
    store::OrderUpdate update;
    if (auto mapping = resolve_mapping(m->second.overrides, m->second.statuses, e.type)) {
      StatusChangeRequest r;
      r.store_id = e.store_id;
      r.order_id = e.order_id;
      r.type = mapping->status_type;
      r.code = mapping->code;
      r.at = e.occurred_at;
      r.source = "event";
      r.event_id = e.event_id;
      r.context_patch = patch;
      std::optional<CurrentStatus> then;
      if (classify_change(current_status(states[i], r.type), r.code, r.at) == ChangeOutcome::late)
        then = status_then(storage_, r, decided[i]);
      update = decide_change(states[i], r, then).update;
      if (update.change) decided[i].push_back(*update.change);
    } else {
      update = decide_snapshot(states[i], e.store_id, e.order_id, patch);
    }
    states[i] = after(std::move(states[i]), update);
    e.order_update = std::move(update);
  }
}

}  // namespace herald::orders
