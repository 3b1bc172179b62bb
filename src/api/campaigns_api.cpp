// Campaigns (contract §7): POST/GET /v1/campaigns, GET/PUT /v1/campaigns/{id},
// POST /v1/campaigns/{id}/activate|deactivate, POST /v1/campaigns/{id}/dry-run.
#include "api/auth.h"
#include "api/path_id.h"
#include "api/request_json.h"
#include "api/routes.h"
#include "campaigns/campaign.h"
#include "campaigns/campaign_planner.h"
#include "common/error.h"
#include "common/json_read.h"
#include "orders/filter.h"

namespace herald::api {

namespace {
using campaigns::Campaign;
using nlohmann::json;

json campaign_json(const store::CampaignRow& row) {
  auto c = campaigns::campaign_from_stored(row.spec_json);
  c.id = row.id;
  c.active = row.active;
  c.created_at = row.created_at;
  c.updated_at = row.updated_at;
  return campaigns::to_json(c);
}

store::CampaignRow row_of(const Campaign& c) {
  store::CampaignRow row;
  row.id = c.id;
  row.active = c.active;
  Campaign spec = c;
  spec.id = 0;
  spec.created_at = spec.updated_at = 0;
  row.spec_json = campaigns::to_json(spec).dump();
  return row;
}

store::CampaignRow load(ApiContext& ctx, store::StoreId store, const http::Request& req) {
  auto row = ctx.orders.get_campaign(store, id_param(req, "campaign"));
  if (!row) throw not_found("campaign '" + req.param("id") + "'");
  return *row;
}

// Who would receive the campaign's actions for one order context (the filter only: a dry run
// has no status change, so the trigger is not checked).
void dry_run_one(const store::StoreRecord& store, const Campaign& c, json context, json& recipients,
                 json& skipped) {
  context["status"] = {{"type", c.trigger.status_type},
                       {"from", c.trigger.from.value_or("")},
                       {"to", c.trigger.to.value_or("")}};
  if (!orders::filter_matches(c.filter, context)) return;
  const json order_id = context.contains("order") && context["order"].is_object()
                            ? context["order"].value("id", json(nullptr))
                            : json(nullptr);
  const json customer_id = context.contains("customer") && context["customer"].is_object()
                               ? context["customer"].value("id", json(nullptr))
                               : json(nullptr);
  for (const auto& a : c.actions) {
    auto [to, why] = campaigns::recipient_of(store, a.channel, context);
    if (to.empty()) {
      skipped.push_back(
          {{"order_id", order_id}, {"channel", domain::to_string(a.channel)}, {"reason", why}});
      continue;
    }
    recipients.push_back({{"order_id", order_id},
                          {"customer_id", customer_id},
                          {"channel", domain::to_string(a.channel)},
                          {"to", to},
                          {"template", a.template_key},
                          {"delay_seconds", a.delay_seconds}});
  }
}

void set_active(ApiContext& ctx, http::Request& req, const http::Respond& respond, bool active) {
  auto store = ctx.keys.authenticate(req);
  auto row = load(ctx, store.id, req);
  auto c = campaigns::campaign_from_stored(row.spec_json);
  c.id = row.id;
  c.active = active;
  auto updated = ctx.orders.update_campaign(store.id, row_of(c), ctx.clock.now_ms());
  if (!updated) throw not_found("campaign '" + req.param("id") + "'");
  respond(http::json_response(http::bhttp::status::ok, campaign_json(*updated)));
}
}  // namespace

void add_campaign_routes(http::Router& router, ApiContext& ctx) {
  using http::bhttp::status;
  using http::bhttp::verb;
  router.add(verb::post, "/v1/campaigns", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.keys.authenticate(req);
    auto c = campaigns::parse_campaign(parse_body_object(req.body()));
    auto row = ctx.orders.create_campaign(store.id, row_of(c), ctx.clock.now_ms());
    respond(http::json_response(status::created, campaign_json(row)));
  });
  router.add(verb::get, "/v1/campaigns", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.keys.authenticate(req);
    json items = json::array();
    for (const auto& row : ctx.orders.list_campaigns(store.id, false))
      items.push_back(campaign_json(row));
    respond(http::json_response(status::ok, {{"items", items}}));
  });
  router.add(verb::get, "/v1/campaigns/{id}", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.keys.authenticate(req);
    respond(http::json_response(status::ok, campaign_json(load(ctx, store.id, req))));
  });
  router.add(verb::put, "/v1/campaigns/{id}", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.keys.authenticate(req);
    auto existing = load(ctx, store.id, req);
    auto c = campaigns::parse_campaign(parse_body_object(req.body()));
    c.id = existing.id;
    auto updated = ctx.orders.update_campaign(store.id, row_of(c), ctx.clock.now_ms());
    if (!updated) throw not_found("campaign '" + req.param("id") + "'");
    respond(http::json_response(status::ok, campaign_json(*updated)));
  });
  router.add(
      verb::post, "/v1/campaigns/{id}/activate",
      [&ctx](http::Request& req, http::Respond respond) { set_active(ctx, req, respond, true); });
  router.add(
      verb::post, "/v1/campaigns/{id}/deactivate",
      [&ctx](http::Request& req, http::Respond respond) { set_active(ctx, req, respond, false); });
  router.add(verb::post, "/v1/campaigns/{id}/dry-run",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               auto row = load(ctx, store.id, req);
               auto c = campaigns::campaign_from_stored(row.spec_json);
               json body = req.body().empty() ? json::object() : parse_body_object(req.body());
               json recipients = json::array(), skipped = json::array();
               int evaluated = 0;
               if (body.contains("order") || body.contains("customer")) {
                 json context = json::object();
                 for (const char* key : {"order", "customer", "data"}) {
                   if (!body.contains(key) || body.at(key).is_null()) continue;
                   if (!body.at(key).is_object())
                     throw bad_request(std::string(key) + " must be an object", key);
                   context[key] = body.at(key);
                 }
                 dry_run_one(store, c, context, recipients, skipped);
                 evaluated = 1;
               } else {
                 const int limit = int_field(body, "limit", 100, 1, 1000);
                 for (const auto& o : ctx.orders.recent_orders(store.id, limit)) {
                   auto context = read_json_or_discarded(o.snapshot_json);
                   if (!context.is_object()) continue;
                   dry_run_one(store, c, context, recipients, skipped);
                   ++evaluated;
                 }
               }
               respond(http::json_response(status::ok, {{"campaign_id", row.id},
                                                        {"evaluated", evaluated},
                                                        {"recipients", recipients},
                                                        {"skipped", skipped}}));
             });
}

}  // namespace herald::api
