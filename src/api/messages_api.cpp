// The message log (contract §5): GET /v1/messages and GET /v1/messages/{id}.
#include "api/auth.h"
#include "api/json_views.h"
#include "api/routes.h"
#include "common/error.h"
#include "domain/address.h"

namespace herald::api {

namespace {
TimeMs time_param(const http::Request& req, const char* name) {
  auto t = parse_rfc3339(req.query_value(name));
  if (!t) throw bad_request(std::string(name) + " must be an RFC 3339 time", name);
  return *t;
}

// A recipient filter matches the normalized form the log stores.
std::string normalized_recipient(const std::string& text, const store::StoreRecord& store,
                                 const char* field) {
  if (text.find('@') != std::string::npos) {
    auto email = domain::normalize_email(text);
    if (!email) throw bad_request(std::string(field) + " is not an email address", field);
    return *email;
  }
  auto phone = domain::normalize_phone(text, store.settings.default_country);
  if (!phone) throw bad_request(std::string(field) + " is not a phone number or email", field);
  return *phone;
}

store::MessageQuery parse_query(const http::Request& req, const store::StoreRecord& store) {
  store::MessageQuery q;
  auto has = [&](const char* name) { return !req.query_value(name).empty(); };
  if (has("channel")) {
    q.channel = domain::parse_channel(req.query_value("channel"));
    if (!q.channel) throw bad_request("channel must be email or sms", "channel");
  }
  if (has("status")) {
    q.status = domain::parse_status(req.query_value("status"));
    if (!q.status)
      throw bad_request("unknown status '" + req.query_value("status") + "'", "status");
  }
  if (has("number") && has("to")) throw bad_request("give number or to, not both", "number");
  if (has("number")) q.address = normalized_recipient(req.query_value("number"), store, "number");
  if (has("to")) q.address = normalized_recipient(req.query_value("to"), store, "to");
  q.from = req.query_value("from");
  q.subject = req.query_value("subject");
  q.type = req.query_value("type");
  q.event_id = req.query_value("event");
  q.order_id = req.query_value("order");
  q.customer_id = req.query_value("customer");
  q.cart_id = req.query_value("cart");
  if (has("failed")) {
    auto v = req.query_value("failed");
    if (v != "true" && v != "false") throw bad_request("failed must be true or false", "failed");
    q.failed_only = v == "true";
  }
  if (has("since")) q.since = time_param(req, "since");
  if (has("until")) q.until = time_param(req, "until");
  if (has("limit")) {
    try {
      size_t used = 0;
      q.limit = std::stoi(req.query_value("limit"), &used);
      if (used != req.query_value("limit").size()) throw std::invalid_argument("limit");
    } catch (const std::exception&) {
      q.limit = -1;
    }
    if (q.limit < 1 || q.limit > 500) throw bad_request("limit must be 1 to 500", "limit");
  }
  if (has("cursor")) {
    const auto c = req.query_value("cursor");
    try {
      size_t used = 0;
      q.before_seq = std::stoll(c, &used, 36);
      if (used != c.size() || *q.before_seq <= 0) throw std::invalid_argument("cursor");
    } catch (const std::exception&) {
      throw bad_request("cursor is not one this server gave out", "cursor");
    }
  }
  return q;
}

std::string cursor_of(std::int64_t seq) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  for (auto v = static_cast<std::uint64_t>(seq); v > 0; v /= 36)
    out.insert(out.begin(), kDigits[v % 36]);
  return out;
}

// GET /v1/messages, and the customer and cart views: the same list with the path's id as filter.
void list_messages(ApiContext& ctx, http::Request& req, const http::Respond& respond,
                   std::string store::MessageQuery::*by_path = nullptr) {
  auto store = ctx.keys.authenticate(req);
  auto q = parse_query(req, store);
  if (by_path) q.*by_path = req.param("id");
  auto rows = ctx.log.find_messages(store.id, q);
  nlohmann::json items = nlohmann::json::array();
  for (const auto& r : rows) items.push_back(to_json(r));
  nlohmann::json next = nullptr;
  if (static_cast<int>(rows.size()) == q.limit) next = cursor_of(rows.back().seq);
  respond(http::json_response(http::bhttp::status::ok, {{"items", items}, {"next_cursor", next}}));
}
}  // namespace

void add_message_routes(http::Router& router, ApiContext& ctx) {
  router.add(
      http::bhttp::verb::get, "/v1/messages",
      [&ctx](http::Request& req, http::Respond respond) { list_messages(ctx, req, respond); });
  router.add(http::bhttp::verb::get, "/v1/customers/{id}/messages",
             [&ctx](http::Request& req, http::Respond respond) {
               list_messages(ctx, req, respond, &store::MessageQuery::customer_id);
             });
  router.add(http::bhttp::verb::get, "/v1/carts/{id}/messages",
             [&ctx](http::Request& req, http::Respond respond) {
               list_messages(ctx, req, respond, &store::MessageQuery::cart_id);
             });
  router.add(http::bhttp::verb::get, "/v1/messages/{id}",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               auto row = ctx.log.get_message(store.id, req.param("id"));
               if (!row) throw not_found("message '" + req.param("id") + "'");
               auto out = to_json(*row);
               out["content"] = to_json(ctx.log.get_content(store.id, row->seq), *row);
               nlohmann::json events = nlohmann::json::array();
               for (const auto& e : ctx.log.get_timeline(store.id, row->seq))
                 events.push_back(to_json(e));
               out["events"] = events;
               respond(http::json_response(http::bhttp::status::ok, out));
             });
}

}  // namespace herald::api
