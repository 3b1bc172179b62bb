// POST /v1/events (contract §4): 202 once the event and its messages are durable.
#include "api/auth.h"
#include "api/json_views.h"
#include "api/routes.h"
#include "http/error_mapping.h"

namespace herald::api {

void add_event_routes(http::Router& router, ApiContext& ctx) {
  router.add(http::bhttp::verb::post, "/v1/events",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               verify_webhook_signature(req, store);
               auto on_stored = [&ctx, meta = req.summary(), respond](
                                    std::exception_ptr error, store::EventAcceptance accepted) {
                 if (error) return respond(http::error_response(error, meta));
                 if (accepted.duplicate) ctx.metrics.events_duplicate++;
                 respond(http::json_response(
                     accepted.duplicate ? http::bhttp::status::ok : http::bhttp::status::accepted,
                     to_json(accepted)));
               };
               try {
                 ctx.intake.accept(store, req.body(), std::move(on_stored));
                 ctx.metrics.events_received++;
               } catch (...) {
                 ctx.metrics.events_rejected++;
                 throw;
               }
             });
}

}  // namespace herald::api
