// POST /v1/bounces (message/rfc822) and GET /v1/bounces/unmatched (contract §6).
#include "api/routes.h"
#include "common/error.h"
#include "common/json_read.h"
#include "feedback/bounce_intake.h"

namespace herald::api {

void add_bounce_routes(http::Router& router, ApiContext& ctx) {
  router.add(
      http::bhttp::verb::post, "/v1/bounces", [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        if (req.body().empty()) throw bad_request("the body must be the bounce message", "body");
        auto out = feedback::ingest_bounce(ctx.report_storage, ctx.reports, ctx.clock, req.body(),
                                           "http", store.id);
        nlohmann::json recipients = nlohmann::json::array();
        for (const auto& r : out.report.recipients)
          recipients.push_back({{"address", r.address},
                                {"status", r.status},
                                {"reason", r.reason},
                                {"hard_bounce", r.hard_bounce},
                                {"description", domain::describe_reason(r.reason)}});
        respond(http::json_response(
            http::bhttp::status::accepted,
            {{"is_bounce", out.report.is_bounce},
             {"matched", out.message.has_value()},
             {"message", out.message ? nlohmann::json(out.message->id) : nlohmann::json(nullptr)},
             {"recipients", recipients}}));
      });
  router.add(
      http::bhttp::verb::get, "/v1/bounces/unmatched",
      [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        nlohmann::json items = nlohmann::json::array();
        for (const auto& b : ctx.report_storage.list_unmatched_bounces(store.id, 100, std::nullopt))
          items.push_back({{"id", b.id},
                           {"received_at", format_rfc3339(b.received_at)},
                           {"source", b.source},
                           {"parsed", read_json_or_discarded(b.summary)}});
        respond(http::json_response(http::bhttp::status::ok, {{"items", items}}));
      });
}

}  // namespace herald::api
