// The OMS connector's settings and call log (contract §12.1, §12.6).
#include "api/auth.h"
#include "api/json_views.h"
#include "api/oms_routes.h"
#include "api/request_json.h"
#include "common/error.h"
#include "http/error_mapping.h"

namespace herald::api {

namespace {
nlohmann::json settings_answer(ApiContext& ctx, const store::StoreRecord& store,
                               const oms::Settings& s) {
  auto j = oms::SettingsService::to_json(s);
  j["webhook_url"] = ctx.config.server.public_url + "/v1/oms/webhook/" + store.slug;
  return j;
}

int limit_of(const http::Request& req) {
  const std::string text = req.query_value("limit");
  if (text.empty()) return 50;
  int limit = 0;
  try {
    std::size_t used = 0;
    limit = std::stoi(text, &used);
    if (used != text.size()) limit = 0;
  } catch (const std::exception&) {
    limit = 0;
  }
  if (limit < 1 || limit > 500) throw bad_request("limit must be 1 to 500", "limit");
  return limit;
}

// The cursor is the id of the last call of the previous page, in decimal.
std::optional<std::int64_t> cursor_of(const http::Request& req) {
  const std::string text = req.query_value("cursor");
  if (text.empty()) return std::nullopt;
  if (text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    throw bad_request("cursor is not one this list gave", "cursor");
  return std::stoll(text);
}

nlohmann::json call_json(const store::OmsCall& c) {
  return {{"at", format_rfc3339(c.at)},
          {"method", c.method},
          {"path", c.path},
          {"status", c.status},
          {"ms", c.ms},
          {"error", c.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.error)},
          {"order_id", c.order_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.order_id)}};
}
}  // namespace

void add_oms_routes(http::Router& router, ApiContext& ctx, OmsApiContext& oms) {
  router.add(
      http::bhttp::verb::get, "/v1/oms", [&ctx, &oms](http::Request& req, http::Respond respond) {
        const auto store = ctx.keys.authenticate(req);
        const auto s = oms.settings.get(store.id);
        if (!s) throw not_found("OMS connector");
        respond(http::json_response(http::bhttp::status::ok, settings_answer(ctx, store, *s)));
      });
  router.add(
      http::bhttp::verb::put, "/v1/oms", [&ctx, &oms](http::Request& req, http::Respond respond) {
        const auto store = ctx.keys.authenticate(req);
        const auto s = oms.settings.put(store.id, parse_body_object(req.body()));
        respond(http::json_response(http::bhttp::status::ok, settings_answer(ctx, store, s)));
      });
  // A connection check for the settings: one harmless call (the stock changed from now on).
  router.add(http::bhttp::verb::post, "/v1/oms/check",
             [&ctx, &oms](http::Request& req, http::Respond respond) {
               const auto store = ctx.keys.authenticate(req);
               oms.connectors.for_store(store.id)->stock_changes(ctx.clock.now_ms(), "");
               respond(http::json_response(http::bhttp::status::ok, {{"ok", true}}));
             });
  // Order webhooks from the OMS: no API key, the connector's secret signs the raw body.
  router.add(
      http::bhttp::verb::post, "/v1/oms/webhook/{store}",
      [&ctx, &oms](http::Request& req, http::Respond respond) {
        auto on_stored = [&ctx, meta = req.summary(), respond](std::exception_ptr error,
                                                               oms::WebhookAnswer answer) {
          if (error) return respond(http::error_response(error, meta));
          if (answer.ignored)
            return respond(http::json_response(http::bhttp::status::ok, {{"ignored", true}}));
          if (answer.accepted.duplicate) ctx.metrics.events_duplicate++;
          respond(http::json_response(
              answer.accepted.duplicate ? http::bhttp::status::ok : http::bhttp::status::accepted,
              to_json(answer.accepted)));
        };
        try {
          oms.webhooks.receive(
              req.param("store"), [&req](const std::string& name) { return req.header(name); },
              req.body(), std::move(on_stored));
          ctx.metrics.events_received++;
        } catch (...) {
          ctx.metrics.events_rejected++;
          throw;
        }
      });
  router.add(http::bhttp::verb::get, "/v1/oms/calls",
             [&ctx, &oms](http::Request& req, http::Respond respond) {
               const auto store = ctx.keys.authenticate(req);
               const int limit = limit_of(req);
               const auto rows = oms.storage.list_oms_calls(store.id, limit, cursor_of(req));
               nlohmann::json items = nlohmann::json::array();
               for (const auto& c : rows) items.push_back(call_json(c));
               nlohmann::json next = nullptr;
               if (static_cast<int>(rows.size()) == limit) next = std::to_string(rows.back().id);
               respond(http::json_response(http::bhttp::status::ok,
                                           {{"items", items}, {"next_cursor", next}}));
             });
}

}  // namespace herald::api
