#include "orders/order_decision.h"

#include "common/json_read.h"

namespace herald::orders {

using nlohmann::json;

std::optional<StatusMapping> resolve_mapping(const std::vector<StatusMapping>& overrides,
                                             const std::vector<store::OrderStatusDef>& statuses,
                                             const std::string& event_type) {
  for (const auto& o : overrides) {
    if (o.event_type != event_type) continue;
    if (o.code.empty()) return std::nullopt;  // mapped to no status
    return o;
  }
  if (auto d = default_mapping(event_type)) return d;
  const store::OrderStatusDef* own = nullptr;
  for (const auto& s : statuses)
    if (s.code == event_type && (!own || s.id < own->id)) own = &s;
  if (own) return StatusMapping{event_type, own->type, event_type};
  return std::nullopt;
}

json merge_snapshot(json snapshot, const json& patch, const std::string& order_id) {
  if (!snapshot.is_object()) snapshot = json::object();
  if (patch.is_object())
    for (const char* key : {"order", "customer", "data"}) {
      if (!patch.contains(key) || !patch.at(key).is_object()) continue;
      if (!snapshot.contains(key) || !snapshot.at(key).is_object()) snapshot[key] = json::object();
      snapshot[key].update(patch.at(key));
    }
  if (!snapshot.contains("order") || !snapshot["order"].is_object())
    snapshot["order"] = json::object();
  snapshot["order"]["id"] = order_id;
  return snapshot;
}

std::optional<CurrentStatus> current_status(const store::OrderState& state,
                                            const std::string& type) {
  for (const auto& c : state.current)
    if (c.type == type) return CurrentStatus{c.code, c.at};
  return std::nullopt;
}

namespace {
json stored_snapshot(const store::OrderState& state) {
  if (!state.exists) return json::object();
  // Unreadable (or deeper than the limit, as an older version could store) reads as empty.
  return read_json_or_discarded(state.snapshot_json);
}
}  // namespace

store::OrderUpdate decide_snapshot(const store::OrderState& state, store::StoreId store,
                                   const std::string& order_id, const json& patch) {
  store::OrderUpdate u;
  u.store_id = store;
  u.order_id = order_id;
  u.expected_version = state.exists ? state.version : 0;
  u.snapshot_json = merge_snapshot(stored_snapshot(state), patch, order_id).dump();
  return u;
}

Decision decide_change(const store::OrderState& state, const StatusChangeRequest& r,
                       const std::optional<CurrentStatus>& status_then) {
  const auto snapshot = merge_snapshot(stored_snapshot(state), r.context_patch, r.order_id);
  Decision d;
  d.update.store_id = r.store_id;
  d.update.order_id = r.order_id;
  d.update.expected_version = state.exists ? state.version : 0;
  d.update.snapshot_json = snapshot.dump();
  const auto current = current_status(state, r.type);
  auto& out = d.result;
  out.outcome = classify_change(current, r.code, r.at);
  out.current_code = current ? current->code : "";
  if (out.outcome == ChangeOutcome::same) {
    out.from_code = out.current_code;
    return d;
  }
  const bool late = out.outcome == ChangeOutcome::late;
  // A late change's "from" is whatever was current at its time.
  out.from_code = late ? (status_then ? status_then->code : "") : out.current_code;
  json context = snapshot;
  context["status"] = {{"type", r.type}, {"from", out.from_code}, {"to", r.code}};
  store::NewStatusChange c;
  c.type = r.type;
  c.from_code = out.from_code;
  c.to_code = r.code;
  c.at = r.at;
  c.current = !late;
  c.source = r.source;
  c.event_id = r.event_id;
  c.context_json = context.dump();
  d.update.change = std::move(c);
  if (!late) out.current_code = r.code;
  return d;
}

store::OrderState after(store::OrderState state, const store::OrderUpdate& u) {
  state.version = state.exists ? state.version + 1 : 1;
  state.exists = true;
  state.snapshot_json = u.snapshot_json;
  if (u.change && u.change->current) {
    bool found = false;
    for (auto& c : state.current)
      if (c.type == u.change->type) {
        c.code = u.change->to_code;
        c.at = u.change->at;
        found = true;
      }
    if (!found) state.current.push_back({u.change->type, u.change->to_code, u.change->at});
  }
  return state;
}

}  // namespace herald::orders
