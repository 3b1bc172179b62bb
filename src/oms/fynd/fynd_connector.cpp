#include "oms/fynd/fynd_connector.h"

#include <ctime>

#include "common/json_read.h"
#include "common/url.h"
#include "oms/fynd/fynd_answers.h"
#include "oms/order_json.h"

namespace herald::oms::fynd {

namespace {
using nlohmann::json;

constexpr const char* kStockPath = "/service/application/catalog/v1.0/products/stock-status/";

// Fynd's poll takes whole seconds: "1970-01-01T00:00:00Z".
std::string rfc3339_seconds(TimeMs t) {
  const std::time_t secs = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string without_trailing_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// What the OMS said when it refused: its "message" or "error", else the start of its body.
std::string refusal_message(const std::string& body) {
  const auto j = read_json_or_discarded(body);
  for (const char* key : {"message", "error"})
    if (j.is_object() && j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
  return body.substr(0, 200);
}

class FyndConnector final : public Connector {
 public:
  FyndConnector(const ConnectorSettings& s, ConnectorDeps deps)
      : settings_(s), base_(without_trailing_slash(s.api_url)), deps_(deps) {}

  StockChangePage stock_changes(TimeMs since, const std::string& page_id) override {
    std::string query;
    append_param(query, "timestamp", rfc3339_seconds(since));
    append_param(query, "page_size", "100");
    if (!page_id.empty()) append_param(query, "page_id", page_id);
    return read_stock_change_page(
        call("GET", std::string(kStockPath) + "poll/?" + query, nullptr, ""));
  }

  std::vector<StockLine> stock_of(const std::vector<std::string>& skus) override {
    if (skus.empty()) return {};
    if (skus.size() > kMaxSkusPerStockCall)
      throw bad_request("at most 50 SKUs may be asked for at once", "skus");
    std::string list;
    for (const auto& sku : skus) list += (list.empty() ? "" : ",") + url_encode(sku);
    return read_stock_items(
        call("GET", std::string(kStockPath) + "?sku_code=" + list, nullptr, ""));
  }

  Serviceability serviceability(const ServiceabilityRequest& r) override {
    return read_serviceability(call("POST", "/serviceability", serviceability_body(r), ""));
  }

  PlacedOrder place_order(const PlaceOrderRequest& r) override {
    return read_placed_order(call("POST", "/orders", order_request_json(r), r.order_id));
  }

  PaymentAnswer confirm_payment(const OrderRef& order, const PaymentConfirmation& p) override {
    return read_payment_answer(
        call("POST", order_path(order) + "/payment", payment_body(p), log_id(order)));
  }

  OrderStatus order_status(const OrderRef& order) override {
    return read_order_status(call("GET", order_path(order), nullptr, log_id(order)));
  }

  TrackAnswer track_order(const OrderRef& order) override {
    return read_track_answer(call("GET", order_path(order) + "/track", nullptr, log_id(order)));
  }

 private:
  static std::string order_path(const OrderRef& order) {
    if (order.fynd_order_id.empty())
      throw bad_request("fynd_order_id must not be empty", "fynd_order_id");
    return "/orders/" + url_encode(order.fynd_order_id);
  }
  static std::string log_id(const OrderRef& order) {
    return order.order_id.empty() ? order.fynd_order_id : order.order_id;
  }

  // One call: the answer's JSON on a 2xx; OmsFault or OmsRefusal otherwise. Logged either way.
  json call(const char* method, const std::string& path, const json& body,
            const std::string& order_id) {
    HttpCall c{method,
               base_ + path,
               {{"x-affiliate-id", settings_.affiliate_id},
                {"x-affiliate-token", settings_.affiliate_token},
                {"accept", "application/json"}},
               body.is_null() ? "" : body.dump()};
    if (!c.body.empty()) c.headers.emplace_back("content-type", "application/json");
    CallRecord rec{deps_.clock.now_ms(), method, path, 0, 0, "", order_id};
    auto finish = [&](int status, const std::string& error) {
      rec.status = status;
      rec.error = error;
      rec.ms = deps_.clock.now_ms() - rec.at;
      deps_.log.record(rec);
    };
    HttpAnswer answer;
    try {
      answer = deps_.http.send(c);
    } catch (const OmsFault& f) {
      finish(0, f.detail());
      throw;
    }
    if (answer.status >= 500 || answer.status < 200 ||
        (answer.status >= 300 && answer.status < 400)) {
      const std::string why = "HTTP " + std::to_string(answer.status);
      finish(answer.status, why);
      throw OmsFault(FaultKind::server_error, answer.status,
                     method + std::string(" ") + path + ": " + why);
    }
    if (answer.status >= 400) {
      const auto message = refusal_message(answer.body);
      finish(answer.status, message);
      throw OmsRefusal(answer.status, message);
    }
    auto parsed = read_json_or_discarded(answer.body);
    if (parsed.is_discarded() || !parsed.is_object()) {
      finish(answer.status, "the answer is not a JSON object");
      throw OmsFault(FaultKind::server_error, answer.status,
                     method + std::string(" ") + path + ": the answer is not a JSON object");
    }
    finish(answer.status, "");
    return parsed;
  }

  ConnectorSettings settings_;
  std::string base_;
  ConnectorDeps deps_;
};
}  // namespace

std::unique_ptr<Connector> make_fynd_connector(const ConnectorSettings& settings,
                                               ConnectorDeps deps) {
  return std::make_unique<FyndConnector>(settings, deps);
}

}  // namespace herald::oms::fynd
