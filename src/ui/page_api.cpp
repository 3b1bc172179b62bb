// API endpoints that came with the pages (contract §5): the message view ("eye") and resend.
#include "common/error.h"
#include "http/error_mapping.h"
#include "ui/message_body.h"
#include "ui/ui_routes.h"

namespace herald::ui {

void add_page_api_routes(http::Router& router, UiContext& ctx) {
  using V = http::bhttp::verb;
  router.add(V::get, "/v1/messages/{id}/view", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.keys.authenticate(req);
    auto row = ctx.log.get_message(store.id, req.param("id"));
    if (!row) throw not_found("message '" + req.param("id") + "'");
    respond(sandboxed_body(*row, ctx.log.get_content(store.id, row->seq)));
  });
  router.add(
      V::post, "/v1/messages/{id}/resend", [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        const auto id = req.param("id");
        ctx.intake.resend(
            store, id,
            [respond, id, meta = req.summary()](std::exception_ptr e, std::string new_id) {
              if (e) return respond(http::error_response(e, meta));
              respond(
                  http::json_response(http::bhttp::status::accepted,
                                      {{"id", new_id}, {"status", "queued"}, {"resent_from", id}}));
            });
      });
}

}  // namespace herald::ui
