// Order status definitions and the event-type mapping (contract §7):
// POST/GET /v1/order-statuses, GET/PUT/DELETE /v1/order-statuses/{id},
// GET/PUT /v1/order-statuses/mapping.
#include "api/auth.h"
#include "api/path_id.h"
#include "api/request_json.h"
#include "api/routes.h"
#include "common/error.h"
#include "domain/event_types.h"
#include "orders/status_definitions.h"

namespace herald::api {

namespace {
using nlohmann::json;

json status_json(const store::OrderStatusDef& d) {
  return {{"id", d.id},
          {"name", d.name},
          {"type", d.type},
          {"code", d.code},
          {"include_in_analytics", d.include_in_analytics},
          {"created_at", format_rfc3339(d.created_at)},
          {"updated_at", format_rfc3339(d.updated_at)}};
}

store::OrderStatusDef parse_status(const json& body) {
  store::OrderStatusDef d;
  d.name = string_field(body, "name");
  d.type = string_field(body, "type");
  d.code = string_field(body, "code");
  d.include_in_analytics = bool_field(body, "include_in_analytics", true);
  orders::check_status_definition(d);
  return d;
}

store::OrderStatusDef find_status(ApiContext& ctx, store::StoreId store, const http::Request& req) {
  const auto id = id_param(req, "order status");
  for (const auto& d : ctx.orders.list_order_statuses(store))
    if (d.id == id) return d;
  throw not_found("order status '" + req.param("id") + "'");
}

json mapping_json(const std::vector<orders::StatusMapping>& overrides) {
  json out = json::object();
  for (const auto& m : orders::default_mappings())
    out[m.event_type] = {{"type", m.status_type}, {"code", m.code}};
  for (const auto& m : overrides)
    out[m.event_type] =
        m.code.empty() ? json(nullptr) : json{{"type", m.status_type}, {"code", m.code}};
  return out;
}

std::vector<orders::StatusMapping> parse_mapping(const json& body) {
  std::vector<orders::StatusMapping> out;
  for (const auto& [event_type, v] : body.items()) {
    const std::string field = "mapping." + event_type;
    if (!orders::valid_code(event_type)) throw bad_request(field + " is not an event type", field);
    if (v.is_null()) {  // the event changes no status
      out.push_back({event_type, "", ""});
      continue;
    }
    if (!v.is_object()) throw bad_request(field + " must be {type, code} or null", field);
    orders::StatusMapping m{event_type, string_field(v, "type"), string_field(v, "code")};
    if (!orders::parse_status_kind(m.status_type))
      throw bad_request(field + ".type must be general, delivery or payment", field + ".type");
    if (!orders::valid_code(m.code))
      throw bad_request(field + ".code is not a status code", field + ".code");
    out.push_back(std::move(m));
  }
  return out;
}
}  // namespace

void add_order_status_routes(http::Router& router, ApiContext& ctx) {
  using http::bhttp::status;
  using http::bhttp::verb;
  router.add(verb::get, "/v1/order-statuses/mapping",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               respond(http::json_response(
                   status::ok,
                   {{"mapping", mapping_json(ctx.orders.status_mapping_overrides(store.id))}}));
             });
  router.add(verb::put, "/v1/order-statuses/mapping",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               auto body = parse_body_object(req.body());
               if (body.contains("mapping")) body = body.at("mapping");
               if (!body.is_object()) throw bad_request("mapping must be an object", "mapping");
               ctx.orders.put_status_mapping(store.id, parse_mapping(body));
               respond(http::json_response(
                   status::ok,
                   {{"mapping", mapping_json(ctx.orders.status_mapping_overrides(store.id))}}));
             });
  router.add(verb::post, "/v1/order-statuses", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.keys.authenticate(req);
    auto d = parse_status(parse_body_object(req.body()));
    respond(http::json_response(status::created, status_json(ctx.orders.create_order_status(
                                                     store.id, d, ctx.clock.now_ms()))));
  });
  router.add(verb::get, "/v1/order-statuses", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.keys.authenticate(req);
    const auto type = req.query_value("type");
    json items = json::array();
    for (const auto& d : ctx.orders.list_order_statuses(store.id))
      if (type.empty() || d.type == type) items.push_back(status_json(d));
    respond(http::json_response(status::ok, {{"items", items}}));
  });
  router.add(
      verb::get, "/v1/order-statuses/{id}", [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        respond(http::json_response(status::ok, status_json(find_status(ctx, store.id, req))));
      });
  router.add(verb::put, "/v1/order-statuses/{id}",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               const auto id = id_param(req, "order status");
               auto d = parse_status(parse_body_object(req.body()));
               d.id = id;
               auto updated = ctx.orders.update_order_status(store.id, d, ctx.clock.now_ms());
               if (!updated) throw not_found("order status '" + req.param("id") + "'");
               respond(http::json_response(status::ok, status_json(*updated)));
             });
  router.add(verb::delete_, "/v1/order-statuses/{id}",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               if (!ctx.orders.delete_order_status(store.id, id_param(req, "order status")))
                 throw not_found("order status '" + req.param("id") + "'");
               respond(http::json_response(status::ok, {{"deleted", true}}));
             });
}

}  // namespace herald::api
