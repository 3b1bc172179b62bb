// The storefront's OMS order calls (contract §12.5): serviceability at payment, the order push
// (idempotent by order_id), payment confirmation, the list of pushed orders by state, and the
// OMS's track answer. An OMS fault answers 503 naming the field "oms" (the one error mapping).
#include "api/auth.h"
#include "api/request_json.h"
#include "api/routes.h"
#include "common/error.h"
#include "oms/order_json.h"
#include "oms/order_service.h"

namespace herald::api {

namespace {
using http::bhttp::status;
using nlohmann::json;

constexpr int kDefaultLimit = 50, kMaxLimit = 500;

oms::OrderService& orders_of(ApiContext& ctx) {
  if (!ctx.oms_orders) throw internal_error("the OMS order service is not wired");
  return *ctx.oms_orders;
}

json optional_text(const std::string& s) {
  return s.empty() ? json(nullptr) : json(s);
}

json order_json(const store::OmsOrderRow& o) {
  return {{"order_id", o.order_id},
          {"payment", o.payment},
          {"fynd_order_id", optional_text(o.fynd_order_id)},
          {"state", o.state},
          {"oms_status", optional_text(o.oms_status)},
          {"attempts", o.attempts},
          {"error", optional_text(o.last_error)},
          {"next_attempt_at",
           o.next_attempt_at > 0 ? json(format_rfc3339(o.next_attempt_at)) : json(nullptr)},
          {"created_at", format_rfc3339(o.created_at)},
          {"updated_at", format_rfc3339(o.updated_at)}};
}

json bag_json(const oms::Bag& b) {
  return {{"bag_id", b.bag_id},
          {"sku", b.sku},
          {"returnable", b.returnable},
          {"cancellable", b.cancellable}};
}

json track_json(const store::OmsOrderRow& o, const oms::TrackAnswer& t) {
  json shipments = json::array();
  for (const auto& s : t.shipments) {
    json bags = json::array(), history = json::array();
    for (const auto& b : s.bags) bags.push_back(bag_json(b));
    for (const auto& h : s.history) history.push_back({{"status", h.status}, {"at", h.at}});
    shipments.push_back({{"shipment_id", s.shipment_id},
                         {"status", s.status},
                         {"tracking_url", s.tracking_url},
                         {"bags", bags},
                         {"history", history}});
  }
  return {{"order_id", o.order_id}, {"fynd_order_id", o.fynd_order_id}, {"shipments", shipments}};
}

// A page's end as the list hands it out: creation time and id, base 36, joined by '.'.
std::string cursor_of(const store::OmsOrderRow& o) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  auto base36 = [](std::int64_t n) {
    std::string out;
    for (auto v = static_cast<std::uint64_t>(n); v > 0; v /= 36)
      out.insert(out.begin(), kDigits[v % 36]);
    return out.empty() ? std::string("0") : out;
  };
  return base36(o.created_at) + "." + base36(o.id);
}

store::OmsOrderCursor parse_cursor(const std::string& c) {
  const auto dot = c.find('.');
  try {
    if (dot == std::string::npos) throw std::invalid_argument("cursor");
    std::size_t used_at = 0, used_id = 0;
    const auto at = std::stoll(c.substr(0, dot), &used_at, 36);
    const auto id = std::stoll(c.substr(dot + 1), &used_id, 36);
    if (used_at != dot || used_id != c.size() - dot - 1 || at < 0 || id <= 0)
      throw std::invalid_argument("cursor");
    return {at, id};
  } catch (const std::exception&) {
    throw bad_request("cursor is not one this server gave out", "cursor");
  }
}

int parse_limit(const http::Request& req) {
  if (!req.query.count("limit")) return kDefaultLimit;
  const auto text = req.query_value("limit");
  try {
    std::size_t used = 0;
    const int limit = std::stoi(text, &used);
    if (used == text.size() && limit >= 1 && limit <= kMaxLimit) return limit;
  } catch (const std::exception&) {
  }
  throw bad_request("limit must be 1 to " + std::to_string(kMaxLimit), "limit");
}
}  // namespace

void add_oms_order_routes(http::Router& router, ApiContext& ctx) {
  router.add(
      http::bhttp::verb::post, "/v1/oms/serviceability",
      [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        const auto request = oms::parse_serviceability_request(parse_body_object(req.body()));
        const auto answer = orders_of(ctx).serviceability(store.id, request);
        respond(http::json_response(
            status::ok, {{"serviceable", answer.serviceable},
                         {"cod_available", answer.cod_available},
                         {"message", answer.message},
                         {"promise", {{"min", answer.promise_min}, {"max", answer.promise_max}}}}));
      });
  router.add(http::bhttp::verb::post, "/v1/oms/orders",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               const auto request = oms::parse_order_request(parse_body_object(req.body()));
               const auto outcome = orders_of(ctx).push(store.id, request);
               auto body = order_json(outcome.order);
               body["duplicate"] = outcome.repeated;
               const auto code = outcome.repeated                          ? status::ok
                                 : outcome.order.state == oms::kPushFailed ? status::accepted
                                                                           : status::created;
               respond(http::json_response(code, body));
             });
  router.add(
      http::bhttp::verb::get, "/v1/oms/orders", [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        const auto state = req.query_value("state");
        if (!state.empty() && !oms::is_order_state(state))
          throw bad_request(
              "state must be missing, placed, push_failed, payment_failed or cancelled", "state");
        const int limit = parse_limit(req);
        std::optional<store::OmsOrderCursor> after;
        if (req.query.count("cursor")) after = parse_cursor(req.query_value("cursor"));
        const auto rows = orders_of(ctx).list(store.id, state, limit, after);
        json items = json::array();
        for (const auto& r : rows) items.push_back(order_json(r));
        json next = nullptr;
        if (static_cast<int>(rows.size()) == limit) next = cursor_of(rows.back());
        respond(http::json_response(status::ok, {{"items", items}, {"next_cursor", next}}));
      });
  router.add(http::bhttp::verb::get, "/v1/oms/orders/{id}",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               auto row = orders_of(ctx).get(store.id, req.param("id"));
               if (!row) throw not_found("order");
               respond(http::json_response(status::ok, order_json(*row)));
             });
  router.add(http::bhttp::verb::post, "/v1/oms/orders/{id}/payment",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               const auto payment = oms::parse_payment_confirmation(parse_body_object(req.body()));
               const auto row = orders_of(ctx).confirm_payment(store.id, req.param("id"), payment);
               respond(http::json_response(status::ok, order_json(row)));
             });
  router.add(http::bhttp::verb::get, "/v1/oms/orders/{id}/track",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               const auto tracked = orders_of(ctx).track(store.id, req.param("id"));
               respond(http::json_response(status::ok, track_json(tracked.order, tracked.answer)));
             });
}

}  // namespace herald::api
