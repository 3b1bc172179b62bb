// Reports over order statuses and deliveries:
// GET /v1/reports/statuses?since&until, GET /v1/reports/delivery?since&until.
#include "api/auth.h"
#include "api/routes.h"
#include "common/error.h"
#include "orders/status_report.h"

namespace herald::api {

namespace {
using nlohmann::json;

// since defaults to 30 days before until; until defaults to now.
std::pair<TimeMs, TimeMs> period(const http::Request& req, TimeMs now) {
  auto parse = [&](const char* name, TimeMs fallback) {
    const auto text = req.query_value(name);
    if (text.empty()) return fallback;
    auto t = parse_rfc3339(text);
    if (!t) throw bad_request(std::string(name) + " must be an RFC 3339 time", name);
    return *t;
  };
  const TimeMs until = parse("until", now);
  const TimeMs since = parse("since", until - TimeMs{30} * 24 * 3600 * 1000);
  if (since > until) throw bad_request("since must not be after until", "since");
  return {since, until};
}

json delivery_rows(const std::vector<store::DeliveryReportRow>& rows, const char* key) {
  json out = json::array();
  for (const auto& r : rows)
    out.push_back({{key, r.group.empty() ? json(nullptr) : json(r.group)},
                   {"messages", r.total},
                   {"sent", r.sent},
                   {"delivered", r.delivered},
                   {"opened", r.opened},
                   {"clicked", r.clicked},
                   {"bounced", r.bounced},
                   {"failed", r.failed}});
  return out;
}
}  // namespace

void add_analytics_routes(http::Router& router, ApiContext& ctx) {
  using http::bhttp::status;
  router.add(http::bhttp::verb::get, "/v1/reports/statuses",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               auto [since, until] = period(req, ctx.clock.now_ms());
               respond(http::json_response(
                   status::ok,
                   orders::status_report(ctx.orders.changes_for_report(store.id, since, until),
                                         ctx.orders.list_order_statuses(store.id), since, until)));
             });
  router.add(
      http::bhttp::verb::get, "/v1/reports/delivery",
      [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        auto [since, until] = period(req, ctx.clock.now_ms());
        respond(http::json_response(
            status::ok,
            {{"since", format_rfc3339(since)},
             {"until", format_rfc3339(until)},
             {"by_type",
              delivery_rows(ctx.orders.delivery_report(store.id, false, since, until), "type")},
             {"by_template", delivery_rows(ctx.orders.delivery_report(store.id, true, since, until),
                                           "template")}}));
      });
}

}  // namespace herald::api
