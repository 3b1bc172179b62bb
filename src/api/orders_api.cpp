// Orders (contract §5, §7): POST /v1/orders/{id}/statuses records a status change,
// GET /v1/orders/{id} shows the order, its status history by type, its messages and the statuses
// its OMS reported (contract §12.3).
#include "api/auth.h"
#include "api/json_views.h"
#include "api/request_json.h"
#include "api/routes.h"
#include "common/error.h"
#include "common/json_read.h"
#include "orders/order_status_service.h"

namespace herald::api {

namespace {
using nlohmann::json;

orders::StatusChangeRequest parse_change(const json& body, const std::string& order_id,
                                         store::StoreId store, TimeMs now) {
  orders::StatusChangeRequest r;
  r.store_id = store;
  r.order_id = order_id;
  r.type = string_field(body, "type");
  if (!orders::parse_status_kind(r.type))
    throw bad_request("type must be general, delivery or payment", "type");
  r.code = string_field(body, "code");
  if (!orders::valid_code(r.code))
    throw bad_request("code must be 1-100 letters, digits, '_', '-' or '.'", "code");
  r.at = now;
  if (auto at = string_field(body, "at"); !at.empty()) r.at = parse_happened_at(at, "at", now);
  json patch = json::object();
  for (const char* key : {"order", "customer", "data"}) {
    if (!body.contains(key) || body.at(key).is_null()) continue;
    if (!body.at(key).is_object()) throw bad_request(std::string(key) + " must be an object", key);
    patch[key] = body.at(key);
  }
  r.context_patch = std::move(patch);
  return r;
}

json change_json(const store::StatusChange& c) {
  return {{"id", c.id},
          {"type", c.type},
          {"from", c.from_code.empty() ? json(nullptr) : json(c.from_code)},
          {"code", c.to_code},
          {"at", format_rfc3339(c.at)},
          {"received_at", format_rfc3339(c.received_at)},
          {"late", !c.current},
          {"source", c.source},
          {"event_id", c.event_id.empty() ? json(nullptr) : json(c.event_id)}};
}

// {"general": {"current": {...}|null, "history": [...]}, "delivery": ..., "payment": ...}
json statuses_json(const std::vector<store::StatusChange>& history) {
  json out = json::object();
  for (const char* type : {"general", "delivery", "payment"}) {
    json items = json::array();
    json current = nullptr;
    TimeMs current_at = 0;
    for (const auto& c : history) {
      if (c.type != type) continue;
      items.push_back(change_json(c));
      if (c.current && (current.is_null() || c.at >= current_at)) {
        current = {{"code", c.to_code}, {"at", format_rfc3339(c.at)}, {"change_id", c.id}};
        current_at = c.at;
      }
    }
    out[type] = {{"current", current}, {"history", items}};
  }
  return out;
}

json text_or_null(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

// Every status the OMS reported, as it happened, with the event it became (null: kept only)
// and the messages that event sent.
json oms_history_json(const std::vector<store::OmsStatusEntry>& history,
                      const std::vector<store::MessageRow>& messages) {
  json out = json::array();
  for (const auto& e : history) {
    json sent = json::array();
    for (const auto& m : messages)
      if (!e.event_type.empty() && m.event_id == e.event_id) sent.push_back(m.id);
    out.push_back({{"status", e.status},
                   {"at", e.at ? json(format_rfc3339(e.at)) : json(nullptr)},
                   {"received_at", format_rfc3339(e.received_at)},
                   {"shipment_id", text_or_null(e.shipment_id)},
                   {"event_id", e.event_id},
                   {"event_type", text_or_null(e.event_type)},
                   {"messages", sent}});
  }
  return out;
}
}  // namespace

void add_order_routes(http::Router& router, ApiContext& ctx) {
  using http::bhttp::status;
  router.add(
      http::bhttp::verb::post, "/v1/orders/{id}/statuses",
      [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        const auto order_id = req.param("id");
        if (order_id.empty() || order_id.size() > 200)
          throw bad_request("the order id must be 1-200 characters", "order_id");
        auto r =
            parse_change(parse_body_object(req.body()), order_id, store.id, ctx.clock.now_ms());
        auto result = orders::OrderStatusService(ctx.orders).record_change(r, ctx.clock.now_ms());
        if (result.outcome == orders::ChangeOutcome::changed && ctx.wake_campaigns)
          ctx.wake_campaigns();
        json body = {{"order_id", order_id},
                     {"type", r.type},
                     {"code", r.code},
                     {"at", format_rfc3339(r.at)},
                     {"outcome", orders::to_string(result.outcome)},
                     {"change_id", result.change_id ? json(result.change_id) : json(nullptr)},
                     {"from", result.from_code.empty() ? json(nullptr) : json(result.from_code)},
                     {"current", result.current_code}};
        respond(http::json_response(result.change_id ? status::created : status::ok, body));
      });
  router.add(
      http::bhttp::verb::get, "/v1/orders/{id}", [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        const auto order_id = req.param("id");
        auto view = ctx.orders.get_order(store.id, order_id);
        store::MessageQuery q;
        q.order_id = order_id;
        q.limit = 500;
        auto rows = ctx.log.find_messages(store.id, q);
        const auto oms_history = ctx.oms ? ctx.oms->oms_statuses(store.id, order_id)
                                         : std::vector<store::OmsStatusEntry>{};
        if (!view && rows.empty() && oms_history.empty())
          throw not_found("order '" + order_id + "'");
        auto snapshot = read_json_or_discarded(view ? view->snapshot_json : "{}");
        if (!snapshot.is_object()) snapshot = json::object();
        json messages = json::array();
        for (const auto& r : rows) messages.push_back(to_json(r));
        json out = {
            {"id", order_id},
            {"order", snapshot.value("order", json::object())},
            {"customer", snapshot.value("customer", json(nullptr))},
            {"data", snapshot.value("data", json(nullptr))},
            {"statuses", statuses_json(view ? view->history : std::vector<store::StatusChange>{})},
            {"messages", messages},
            {"oms_history", oms_history_json(oms_history, rows)}};
        // An order known only from its messages has no status record: the times are null.
        out["created_at"] = view ? json(format_rfc3339(view->created_at)) : json(nullptr);
        out["updated_at"] = view ? json(format_rfc3339(view->updated_at)) : json(nullptr);
        respond(http::json_response(status::ok, out));
      });
}

}  // namespace herald::api
