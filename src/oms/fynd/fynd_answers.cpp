#include "oms/fynd/fynd_answers.h"

namespace herald::oms::fynd {

namespace {
using nlohmann::json;

std::string text(const json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

bool flag(const json& j, const char* key) {
  if (!j.is_object()) return false;
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

std::int64_t number(const json& j, const char* key) {
  if (!j.is_object()) return 0;
  auto it = j.find(key);
  if (it == j.end()) return 0;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number()) return static_cast<std::int64_t>(it->get<double>());
  return 0;
}

const json& list(const json& j, const char* key) {
  static const json kEmpty = json::array();
  if (!j.is_object()) return kEmpty;
  auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : kEmpty;
}

std::vector<Shipment> read_shipments(const json& answer) {
  std::vector<Shipment> out;
  for (const auto& s : list(answer, "shipments")) {
    Shipment sh{text(s, "shipment_id"), text(s, "status"), text(s, "tracking_url"), {}, {}};
    for (const auto& b : list(s, "bags"))
      sh.bags.push_back(
          {text(b, "bag_id"), text(b, "sku"), flag(b, "returnable"), flag(b, "cancellable")});
    for (const auto& h : list(s, "history"))
      sh.history.push_back({text(h, "status"), text(h, "at")});
    out.push_back(std::move(sh));
  }
  return out;
}

json items_json(const std::vector<ItemQty>& items) {
  json out = json::array();
  for (const auto& i : items) out.push_back({{"sku", i.sku}, {"qty", i.qty}});
  return out;
}
}  // namespace

std::vector<StockLine> read_stock_items(const json& answer) {
  std::vector<StockLine> out;
  for (const auto& i : list(answer, "items")) {
    const json& id = i.is_object() && i.contains("identifier") ? i["identifier"] : json::object();
    out.push_back({text(id, "sku_code"), text(i, "size"), number(i, "quantity")});
  }
  return out;
}

StockChangePage read_stock_change_page(const json& answer) {
  StockChangePage page;
  page.items = read_stock_items(answer);
  if (answer.is_object() && answer.contains("page")) {
    page.has_next = flag(answer["page"], "has_next");
    page.next_id = text(answer["page"], "next_id");
  }
  return page;
}

Serviceability read_serviceability(const json& answer) {
  Serviceability s{
      flag(answer, "serviceable"), flag(answer, "cod_available"), text(answer, "message"), {}, {}};
  if (answer.is_object() && answer.contains("promise")) {
    s.promise_min = text(answer["promise"], "min");
    s.promise_max = text(answer["promise"], "max");
  }
  return s;
}

PlacedOrder read_placed_order(const json& answer) {
  return {text(answer, "fynd_order_id"), text(answer, "status"), read_shipments(answer)};
}

PaymentAnswer read_payment_answer(const json& answer) {
  return {text(answer, "fynd_order_id"), text(answer, "status")};
}

OrderStatus read_order_status(const json& answer) {
  return {text(answer, "fynd_order_id"), text(answer, "status"), text(answer, "payment_status")};
}

TrackAnswer read_track_answer(const json& answer) {
  return {read_shipments(answer), answer};
}

json serviceability_body(const ServiceabilityRequest& r) {
  return {{"pincode", r.pincode}, {"payment", r.payment}, {"items", items_json(r.items)}};
}

json payment_body(const PaymentConfirmation& p) {
  return {{"status", p.status}, {"gateway", p.gateway}, {"reference", p.reference}};
}

}  // namespace herald::oms::fynd
