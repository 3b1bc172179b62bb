// Campaigns (contract §7): POST/GET /v1/campaigns, GET/PUT /v1/campaigns/{id},
// POST /v1/campaigns/{id}/activate|deactivate, POST /v1/campaigns/{id}/dry-run.
#include "api/auth.h"
#include "api/path_id.h"
#include "api/request_json.h"
#include "api/routes.h"
#include "campaigns/campaign_service.h"
#include "common/error.h"

namespace herald::api {

namespace {
using campaigns::Campaign;
using nlohmann::json;

Campaign load(campaigns::CampaignService& service, store::StoreId store, const http::Request& req) {
  auto c = service.get(store, id_param(req, "campaign"));
  if (!c) throw not_found("campaign '" + req.param("id") + "'");
  return *c;
}

void set_active(ApiContext& ctx, http::Request& req, const http::Respond& respond, bool active) {
  auto store = ctx.keys.authenticate(req);
  campaigns::CampaignService service(ctx.orders);
  auto updated =
      service.set_active(store.id, id_param(req, "campaign"), active, ctx.clock.now_ms());
  if (!updated) throw not_found("campaign '" + req.param("id") + "'");
  respond(http::json_response(http::bhttp::status::ok, campaigns::to_json(*updated)));
}
}  // namespace

void add_campaign_routes(http::Router& router, ApiContext& ctx) {
  using http::bhttp::status;
  using http::bhttp::verb;
  router.add(verb::post, "/v1/campaigns", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.keys.authenticate(req);
    auto c = campaigns::parse_campaign(parse_body_object(req.body()));
    campaigns::CampaignService service(ctx.orders);
    respond(http::json_response(
        status::created, campaigns::to_json(service.create(store.id, c, ctx.clock.now_ms()))));
  });
  router.add(verb::get, "/v1/campaigns", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.keys.authenticate(req);
    json items = json::array();
    std::vector<Error> unreadable;
    for (const auto& c : campaigns::CampaignService(ctx.orders).list(store.id, &unreadable))
      items.push_back(campaigns::to_json(c));
    json body = {{"items", items}};
    // A stored campaign this version cannot read does not hide the others: it is named here.
    if (!unreadable.empty()) {
      body["unreadable"] = json::array();
      for (const auto& e : unreadable)
        body["unreadable"].push_back({{"error", e.what()}, {"field", e.field()}});
    }
    respond(http::json_response(status::ok, body));
  });
  router.add(verb::get, "/v1/campaigns/{id}", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.keys.authenticate(req);
    campaigns::CampaignService service(ctx.orders);
    respond(http::json_response(status::ok, campaigns::to_json(load(service, store.id, req))));
  });
  router.add(verb::put, "/v1/campaigns/{id}", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.keys.authenticate(req);
    campaigns::CampaignService service(ctx.orders);
    // The stored spec is not read: a PUT replaces one that this version cannot read.
    const auto id = id_param(req, "campaign");
    if (!service.exists(store.id, id)) throw not_found("campaign '" + req.param("id") + "'");
    auto c = campaigns::parse_campaign(parse_body_object(req.body()));
    auto updated = service.update(store.id, id, c, ctx.clock.now_ms());
    if (!updated) throw not_found("campaign '" + req.param("id") + "'");
    respond(http::json_response(status::ok, campaigns::to_json(*updated)));
  });
  router.add(
      verb::post, "/v1/campaigns/{id}/activate",
      [&ctx](http::Request& req, http::Respond respond) { set_active(ctx, req, respond, true); });
  router.add(
      verb::post, "/v1/campaigns/{id}/deactivate",
      [&ctx](http::Request& req, http::Respond respond) { set_active(ctx, req, respond, false); });
  router.add(
      verb::post, "/v1/campaigns/{id}/dry-run", [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        campaigns::CampaignService service(ctx.orders);
        auto c = load(service, store.id, req);
        json body = req.body().empty() ? json::object() : parse_body_object(req.body());
        if (body.contains("order") || body.contains("customer")) {
          json context = json::object();
          for (const char* key : {"order", "customer", "data"}) {
            if (!body.contains(key) || body.at(key).is_null()) continue;
            if (!body.at(key).is_object())
              throw bad_request(std::string(key) + " must be an object", key);
            context[key] = body.at(key);
          }
          return respond(
              http::json_response(status::ok, to_json(service.dry_run_context(store, c, context))));
        }
        const int limit = int_field(body, "limit", 100, 1, 1000);
        respond(http::json_response(status::ok, to_json(service.dry_run_recent(store, c, limit))));
      });
}

}  // namespace herald::api
