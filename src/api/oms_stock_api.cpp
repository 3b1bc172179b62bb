// The OMS's stock on demand (contract §12.4): POST /v1/oms/sync runs the inventory sync now,
// POST /v1/carts/{id}/stock-check asks the OMS about a cart in real time. An OMS that does not
// answer is 503 {"error":"the OMS did not answer","field":"oms"} (its fault is an Error).
#include "api/oms_routes.h"
#include "api/request_json.h"
#include "common/error.h"
#include "domain/sku.h"
#include "oms/stock_check.h"

namespace herald::api {

namespace {
using nlohmann::json;

constexpr std::size_t kMaxCartLines = 500;
constexpr std::int64_t kMaxLineQty = 1000000;

std::vector<oms::CartLine> cart_lines(const json& body) {
  if (!body.contains("items") || !body.at("items").is_array() || body.at("items").empty())
    throw bad_request("items must be a list of {\"sku\",\"qty\"}", "items");
  const auto& items = body.at("items");
  if (items.size() > kMaxCartLines)
    throw bad_request("items holds more than " + std::to_string(kMaxCartLines) + " lines", "items");
  std::vector<oms::CartLine> out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto at = "items[" + std::to_string(i) + "]";
    if (!items[i].is_object()) throw bad_request(at + " must be an object", at);
    const auto& it = items[i];
    if (!it.contains("sku") || !it.at("sku").is_string())
      throw bad_request(at + ".sku must be a SKU code", at + ".sku");
    auto sku = it.at("sku").get<std::string>();
    if (auto why = domain::sku_problem(sku); !why.empty())
      throw bad_request(at + ".sku " + why, at + ".sku");
    if (!it.contains("qty") || !it.at("qty").is_number_integer() ||
        it.at("qty").get<std::int64_t>() < 1 || it.at("qty").get<std::int64_t>() > kMaxLineQty)
      throw bad_request(at + ".qty must be a whole number from 1 to " + std::to_string(kMaxLineQty),
                        at + ".qty");
    out.push_back({std::move(sku), it.at("qty").get<std::int64_t>()});
  }
  return out;
}
}  // namespace

void add_oms_stock_routes(http::Router& router, ApiContext& ctx, OmsApiContext& oms,
                          oms::InventorySync& inventory) {
  router.add(http::bhttp::verb::post, "/v1/oms/sync",
             [&ctx, &oms, &inventory](http::Request& req, http::Respond respond) {
               const auto store = ctx.keys.authenticate(req);
               const auto outcome = inventory.run(oms.connectors, store.id);
               respond(http::json_response(http::bhttp::status::ok, outcome.to_json()));
             });
  router.add(http::bhttp::verb::post, "/v1/carts/{id}/stock-check",
             [&ctx, &oms](http::Request& req, http::Respond respond) {
               const auto store = ctx.keys.authenticate(req);
               const auto lines = cart_lines(parse_body_object(req.body()));
               auto connector = oms.connectors.for_store(store.id);
               const auto settings = oms.connectors.settings(store.id);
               const auto answer =
                   oms::check_cart_stock(*connector, settings ? settings->safety_stock : 0, lines);
               json items = json::array();
               for (const auto& l : answer.items)
                 items.push_back(
                     {{"sku", l.sku}, {"qty", l.qty}, {"available", l.available}, {"ok", l.ok}});
               respond(http::json_response(http::bhttp::status::ok,
                                           {{"ok", answer.ok}, {"items", items}}));
             });
}

}  // namespace herald::api
