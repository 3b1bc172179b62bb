// The storefront's SKU list and the stock synced from the OMS (contract §12.4):
// PUT/GET /v1/catalog/skus, GET /v1/stock, GET /v1/oms/unmapped.
#include <map>
#include <set>

#include "api/request_json.h"
#include "api/routes.h"
#include "common/error.h"
#include "domain/sku.h"

namespace herald::api {

namespace {
using nlohmann::json;

// At most this many SKUs in one GET /v1/stock.
constexpr std::size_t kMaxAskedSkus = 500;

std::vector<std::string> catalog_from(const json& body) {
  if (!body.contains("skus") || !body.at("skus").is_array())
    throw bad_request("skus must be an array of SKU codes", "skus");
  const auto& list = body.at("skus");
  if (list.size() > domain::kMaxCatalogSkus)
    throw bad_request("skus holds more than " + std::to_string(domain::kMaxCatalogSkus) + " codes",
                      "skus");
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto field = "skus[" + std::to_string(i) + "]";
    if (!list[i].is_string()) throw bad_request(field + " must be a string", field);
    auto sku = list[i].get<std::string>();
    if (auto why = domain::sku_problem(sku); !why.empty())
      throw bad_request(field + " " + why, field);
    if (seen.insert(sku).second) out.push_back(std::move(sku));
  }
  return out;
}

// "A,B" -> {"A","B"}, each checked, duplicates dropped, in the order given.
std::vector<std::string> asked_skus(const std::string& text) {
  if (text.empty()) throw bad_request("sku is required: one or more SKU codes, A,B", "sku");
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::size_t at = 0;
  while (at <= text.size()) {
    auto comma = text.find(',', at);
    if (comma == std::string::npos) comma = text.size();
    auto sku = text.substr(at, comma - at);
    if (auto why = domain::sku_problem(sku); !why.empty())
      throw bad_request("sku '" + sku + "' " + why, "sku");
    if (seen.insert(sku).second) out.push_back(std::move(sku));
    at = comma + 1;
  }
  if (out.size() > kMaxAskedSkus)
    throw bad_request("sku names more than " + std::to_string(kMaxAskedSkus) + " codes", "sku");
  return out;
}
}  // namespace

void add_stock_routes(http::Router& router, ApiContext& ctx) {
  router.add(http::bhttp::verb::put, "/v1/catalog/skus",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               auto skus = catalog_from(parse_body_object(req.body()));
               ctx.stock.put_catalog_skus(store.id, skus);
               respond(http::json_response(http::bhttp::status::ok,
                                           {{"skus", ctx.stock.catalog_skus(store.id)}}));
             });
  router.add(http::bhttp::verb::get, "/v1/catalog/skus",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               respond(http::json_response(http::bhttp::status::ok,
                                           {{"skus", ctx.stock.catalog_skus(store.id)}}));
             });
  // Every SKU asked for, in the order asked; one never synced has no quantity (null).
  router.add(http::bhttp::verb::get, "/v1/stock",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               const auto skus = asked_skus(req.query_value("sku"));
               std::map<std::string, store::StockRow> rows;
               for (auto& r : ctx.stock.stock(store.id, skus)) rows.emplace(r.sku, r);
               json items = json::array();
               for (const auto& sku : skus) {
                 auto it = rows.find(sku);
                 if (it == rows.end())
                   items.push_back({{"sku", sku}, {"quantity", nullptr}, {"synced_at", nullptr}});
                 else
                   items.push_back({{"sku", sku},
                                    {"quantity", it->second.quantity},
                                    {"synced_at", format_rfc3339(it->second.synced_at)}});
               }
               respond(http::json_response(http::bhttp::status::ok, {{"items", items}}));
             });
  router.add(
      http::bhttp::verb::get, "/v1/oms/unmapped",
      [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        json items = json::array();
        for (const auto& u : ctx.stock.unmapped_skus(store.id))
          items.push_back(
              {{"sku", u.sku}, {"quantity", u.quantity}, {"seen_at", format_rfc3339(u.seen_at)}});
        respond(http::json_response(http::bhttp::status::ok, {{"items", items}}));
      });
}

}  // namespace herald::api
