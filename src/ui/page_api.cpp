// API endpoints that came with the pages (contract §5): the message view ("eye") and resend,
// and the customer and cart message lists (same items as GET /v1/messages).
#include "api/json_views.h"
#include "common/error.h"
#include "http/error_mapping.h"
#include "ui/message_body.h"
#include "ui/resend.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";

std::string cursor_of(std::int64_t seq) {
  std::string out;
  for (auto v = static_cast<std::uint64_t>(seq); v > 0; v /= 36)
    out.insert(out.begin(), kDigits[v % 36]);
  return out;
}

void list_for(UiContext& ctx, http::Request& req, http::Respond& respond, bool customer) {
  auto store = ctx.api.keys.authenticate(req);
  store::MessageQuery q;
  if (customer)
    q.customer_id = req.param("id");
  else
    q.cart_id = req.param("id");
  if (!req.query_value("limit").empty()) {
    try {
      q.limit = std::stoi(req.query_value("limit"));
    } catch (const std::exception&) {
      q.limit = 0;
    }
    if (q.limit < 1 || q.limit > 500) throw bad_request("limit must be 1 to 500", "limit");
  }
  if (!req.query_value("cursor").empty()) {
    try {
      size_t used = 0;
      q.before_seq = std::stoll(req.query_value("cursor"), &used, 36);
      if (used != req.query_value("cursor").size() || *q.before_seq <= 0)
        throw std::invalid_argument("cursor");
    } catch (const std::exception&) {
      throw bad_request("cursor is not one this server gave out", "cursor");
    }
  }
  auto rows = ctx.api.storage.find_messages(store.id, q);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) items.push_back(api::to_json(r));
  nlohmann::json next = nullptr;
  if (static_cast<int>(rows.size()) == q.limit) next = cursor_of(rows.back().seq);
  respond(http::json_response(http::bhttp::status::ok, {{"items", items}, {"next_cursor", next}}));
}
}  // namespace

void add_page_api_routes(http::Router& router, UiContext& ctx) {
  using V = http::bhttp::verb;
  router.add(V::get, "/v1/messages/{id}/view", [&ctx](http::Request& req, http::Respond respond) {
    auto store = ctx.api.keys.authenticate(req);
    auto row = ctx.api.storage.get_message(store.id, req.param("id"));
    if (!row) throw not_found("message '" + req.param("id") + "'");
    respond(sandboxed_body(*row, ctx.api.storage.get_content(store.id, row->seq)));
  });
  router.add(
      V::post, "/v1/messages/{id}/resend", [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.api.keys.authenticate(req);
        const auto id = req.param("id");
        resend_message(
            ctx, store, id,
            [respond, id, meta = req.summary()](std::exception_ptr e, std::string new_id) {
              if (e) return respond(http::error_response(e, meta));
              respond(
                  http::json_response(http::bhttp::status::accepted,
                                      {{"id", new_id}, {"status", "queued"}, {"resent_from", id}}));
            });
      });
  router.add(
      V::get, "/v1/customers/{id}/messages",
      [&ctx](http::Request& req, http::Respond respond) { list_for(ctx, req, respond, true); });
  router.add(V::get, "/v1/carts/{id}/messages", [&ctx](http::Request& req, http::Respond respond) {
    list_for(ctx, req, respond, false);
  });
}

}  // namespace herald::ui
