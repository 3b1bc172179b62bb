// POST /v1/messages (contract §4): a message not tied to an order event.
#include "api/auth.h"
#include "api/routes.h"
#include "http/error_mapping.h"

namespace herald::api {

void add_send_routes(http::Router& router, ApiContext& ctx) {
  router.add(
      http::bhttp::verb::post, "/v1/messages", [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        ctx.intake.accept_message(
            store, req.body(),
            [meta = req.summary(), respond](std::exception_ptr error, store::EventAcceptance a) {
              if (error) return respond(http::error_response(error, meta));
              const auto& m = a.messages.at(0);
              respond(http::json_response(http::bhttp::status::accepted,
                                          {{"id", m.id}, {"status", domain::to_string(m.status)}}));
            });
      });
}

}  // namespace herald::api
