// The OMS page (contract §12.6): the connector's state, the orders support must look at
// (missing, push failed), the recent OMS calls, and the OMS calls support makes by hand (stock
// status, serviceability, payment confirmation, track order) with the OMS's answer shown.
#include "common/error.h"
#include "common/json_read.h"
#include "http/error_mapping.h"
#include "oms/order_json.h"
#include "ui/oms_pages.h"
#include "ui/page.h"

namespace herald::ui {

namespace {
using nlohmann::json;

constexpr int kOrdersShown = 50, kCallsShown = 20;

constexpr const char* kPage = R"html(
{{#error}}<p class="error" role="alert" id="oms-error">{{error}}</p>{{/error}}
{{#answer}}<section class="card" id="oms-answer"><h2>The OMS answered ({{answer_title}})</h2><pre>{{answer}}</pre></section>{{/answer}}
<section id="oms-connector">
{{#connector}}<p>Connector: <strong>{{provider}}</strong> at <code>{{api_url}}</code>, affiliate <code>{{affiliate_id}}</code> —
{{#enabled}}<span class="badge ok" id="oms-state">on</span>{{/enabled}}{{^enabled}}<span class="badge bad" id="oms-state">off</span> (webhooks answer 404, background work paused){{/enabled}}
· safety stock {{safety_stock}} · inventory sync every {{sync_minutes}} min · <a href="/ui/settings/oms">Settings</a></p>
<p>Last OMS call: {{#last_call}}<span class="time">{{last_call}}</span>{{/last_call}}{{^last_call}}none yet{{/last_call}}.
Orders: {{#counts}}{{state}} {{n}}{{^last}} · {{/last}}{{/counts}}{{^counts}}none pushed yet{{/counts}}.</p>{{/connector}}
{{#connector}}<p id="oms-sync">{{#sync}}Last stock sync: <span class="time">{{at}}</span> ({{changed}} changed, {{updated}} updated, {{unmapped}} unmapped).{{/sync}}{{^sync}}No stock sync yet.{{/sync}}</p>{{/connector}}
{{^connector}}<p id="oms-state">No OMS connector for this store. <a href="/ui/settings/oms">Set one up</a>.</p>{{/connector}}
</section>
<h2>Unmapped SKUs (the OMS has stock the storefront does not sell)</h2>
<div class="table-wrap"><table id="oms-unmapped"><thead><tr><th>SKU</th><th>OMS quantity</th><th>Seen</th></tr></thead><tbody>
{{#unmapped}}<tr><td><code>{{sku}}</code></td><td>{{quantity}}</td><td class="time">{{seen_at}}</td></tr>{{/unmapped}}
{{^unmapped}}<tr><td colspan="3" class="empty">None.</td></tr>{{/unmapped}}</tbody></table></div>
{{#tables}}<h2>{{title}}</h2>
<div class="table-wrap"><table id="{{id}}"><thead><tr><th>Order</th><th>Payment</th><th>Fynd order</th><th>OMS status</th><th>Attempts</th><th class="hide-sm">Error</th><th class="hide-sm">Next try</th><th>Since</th></tr></thead><tbody>
{{#rows}}<tr><td><code>{{order_id}}</code></td><td>{{payment}}</td><td>{{#fynd_order_id}}<code>{{fynd_order_id}}</code>{{/fynd_order_id}}</td><td>{{oms_status}}</td><td>{{attempts}}</td><td class="hide-sm">{{error}}</td><td class="hide-sm time">{{next}}</td><td class="time">{{created_at}}</td></tr>{{/rows}}
{{^rows}}<tr><td colspan="8" class="empty">{{empty}}</td></tr>{{/rows}}</tbody></table></div>{{/tables}}
<h2>Recent OMS calls</h2>
<div class="table-wrap"><table id="oms-calls"><thead><tr><th>At</th><th>Call</th><th>Status</th><th>ms</th><th class="hide-sm">Order</th><th class="hide-sm">Error</th></tr></thead><tbody>
{{#calls}}<tr><td class="time">{{at}}</td><td><code>{{method}} {{path}}</code></td><td>{{status}}</td><td>{{ms}}</td><td class="hide-sm">{{order_id}}</td><td class="hide-sm">{{error}}</td></tr>{{/calls}}
{{^calls}}<tr><td colspan="6" class="empty">No calls yet.</td></tr>{{/calls}}</tbody></table></div>
<h2>Call the OMS</h2>
<form class="card" method="post" action="/ui/oms/stock" id="call-stock"><input type="hidden" name="csrf" value="{{csrf}}">
  <label>Stock status of SKUs (comma-separated, at most 50) <input name="skus" value="{{f.skus}}" required></label>
  <div class="row"><button type="submit">Ask stock status</button></div></form>
<form class="card" method="post" action="/ui/oms/serviceability" id="call-serviceability"><input type="hidden" name="csrf" value="{{csrf}}">
  <div class="row"><label>Pincode <input name="pincode" value="{{f.pincode}}" required></label>
  <label>Payment <select name="payment"><option>prepaid</option><option>cod</option></select></label>
  <label>Items (SKU:qty, comma-separated) <input name="items" value="{{f.items}}" required></label></div>
  <div class="row"><button type="submit">Ask serviceability</button></div></form>
<form class="card" method="post" action="/ui/oms/payment" id="call-payment"><input type="hidden" name="csrf" value="{{csrf}}">
  <div class="row"><label>Order id <input name="order_id" value="{{f.order_id}}" required></label>
  <label>Payment <select name="status"><option>paid</option><option>failed</option></select></label>
  <label>Gateway <input name="gateway" value="{{f.gateway}}"></label>
  <label>Reference <input name="reference" value="{{f.reference}}"></label></div>
  <div class="row"><button type="submit">Confirm payment</button></div></form>
<form class="card" method="post" action="/ui/oms/track" id="call-track"><input type="hidden" name="csrf" value="{{csrf}}">
  <label>Order id <input name="order_id" value="{{f.order_id}}" required></label>
  <div class="row"><button type="submit">Track order</button></div></form>
)html";

std::string trimmed(const std::string& s) {
  const auto a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return {};
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

std::vector<std::string> comma_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    auto part =
        trimmed(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (!part.empty()) out.push_back(part);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

json order_rows(const std::vector<store::OmsOrderRow>& rows) {
  json out = json::array();
  for (const auto& o : rows)
    out.push_back({{"order_id", o.order_id},
                   {"payment", o.payment},
                   {"fynd_order_id", opt(o.fynd_order_id)},
                   {"oms_status", o.oms_status},
                   {"attempts", o.attempts},
                   {"error", o.last_error},
                   {"next", o.next_attempt_at > 0 ? format_time(o.next_attempt_at) : ""},
                   {"created_at", format_time(o.created_at)}});
  return out;
}

// The page, with the answer of a call made by hand (or its error) on top.
http::Response oms_page(PageCtx& pc, OmsUiContext& oms, const std::string& answer_title,
                        const json& answer, const Error* error) {
  json vars = {{"f", json::object()}, {"tables", json::array()}, {"calls", json::array()}};
  for (const auto& [k, v] : pc.form)
    if (k != "csrf") vars["f"][k] = v;
  if (const auto s = oms.settings.get(pc.store.id)) {
    vars["connector"] = {
        {"provider", s->provider},         {"api_url", s->api_url},
        {"affiliate_id", s->affiliate_id}, {"enabled", s->enabled},
        {"safety_stock", s->safety_stock}, {"sync_minutes", s->inventory_sync_minutes}};
  }
  const auto calls = oms.storage.list_oms_calls(pc.store.id, kCallsShown, std::nullopt);
  for (const auto& c : calls)
    vars["calls"].push_back({{"at", format_time(c.at)},
                             {"method", c.method},
                             {"path", c.path},
                             {"status", c.status ? json(c.status) : json("—")},
                             {"ms", c.ms},
                             {"order_id", c.order_id},
                             {"error", c.error}});
  if (vars.contains("connector"))
    vars["connector"]["last_call"] = calls.empty() ? json(nullptr) : json(format_time(calls[0].at));
  vars["unmapped"] = json::array();
  if (oms.stock) {
    for (const auto& u : oms.stock->unmapped_skus(pc.store.id))
      vars["unmapped"].push_back(
          {{"sku", u.sku}, {"quantity", u.quantity}, {"seen_at", format_time(u.seen_at)}});
    if (const auto st = oms.stock->stock_sync_state(pc.store.id);
        st && st->synced_at > 0 && vars.contains("connector")) {
      auto r = read_json_or_discarded(st->result_json);
      if (!r.is_object()) r = json::object();
      vars["connector"]["sync"] = {{"at", format_time(st->synced_at)},
                                   {"changed", r.value("changed", 0)},
                                   {"updated", r.value("updated", 0)},
                                   {"unmapped", r.value("unmapped", 0)}};
    }
  }
  if (oms.orders) {
    json counts = json::array();
    for (const auto& [state, n] : oms.orders->counts(pc.store.id))
      counts.push_back({{"state", state}, {"n", n}, {"last", false}});
    if (!counts.empty()) counts.back()["last"] = true;
    if (vars.contains("connector")) vars["connector"]["counts"] = counts;
    for (const auto& [state, title, id] :
         {std::tuple{oms::kMissing, "Missing orders (prepaid, payment not confirmed)", "missing"},
          std::tuple{oms::kPushFailed, "Orders the OMS has not taken yet (retried)",
                     "push-failed"}}) {
      vars["tables"].push_back(
          {{"title", title},
           {"id", std::string("orders-") + id},
           {"rows", order_rows(oms.orders->list(pc.store.id, state, kOrdersShown))},
           {"empty", std::string("No ") + id + " orders."}});
    }
  }
  if (!answer.is_null()) {
    vars["answer"] = answer.dump(2);
    vars["answer_title"] = answer_title;
  }
  if (error) vars["error"] = error->what();
  // The API's status for the same failure: 503 when the OMS did not answer, 400 for a refusal
  // or bad input, 404 for an unknown order, 409 for an order in the wrong state.
  return render_page(pc, "OMS", "oms", kPage, vars,
                     error ? http::status_of(error->code()) : http::bhttp::status::ok);
}

oms::OrderService& orders_of(OmsUiContext& oms) {
  if (!oms.orders) throw internal_error("the OMS order service is not wired to the pages");
  return *oms.orders;
}

json stock_answer(PageCtx& pc, OmsUiContext& oms) {
  const auto skus = comma_list(pc.form["skus"]);
  if (skus.empty()) throw bad_request("name at least one SKU", "skus");
  if (skus.size() > oms::kMaxSkusPerStockCall) throw bad_request("at most 50 SKUs a call", "skus");
  json items = json::array();
  for (const auto& l : oms.connectors.for_store(pc.store.id)->stock_of(skus))
    items.push_back({{"sku", l.sku}, {"size", l.size}, {"quantity", l.quantity}});
  return {{"items", items}};
}

json serviceability_answer(PageCtx& pc, OmsUiContext& oms) {
  json items = json::array();
  for (const auto& item : comma_list(pc.form["items"])) {
    const auto colon = item.rfind(':');
    long long qty = 1;
    if (colon != std::string::npos) {
      try {
        qty = std::stoll(item.substr(colon + 1));
      } catch (const std::exception&) {
        throw bad_request("items must be SKU:qty, comma-separated", "items");
      }
    }
    items.push_back({{"sku", trimmed(item.substr(0, colon))}, {"qty", qty}});
  }
  const auto request = oms::parse_serviceability_request(
      {{"pincode", pc.form["pincode"]}, {"payment", pc.form["payment"]}, {"items", items}});
  const auto a = orders_of(oms).serviceability(pc.store.id, request);
  return {{"serviceable", a.serviceable},
          {"cod_available", a.cod_available},
          {"message", a.message},
          {"promise", {{"min", a.promise_min}, {"max", a.promise_max}}}};
}

json payment_answer(PageCtx& pc, OmsUiContext& oms) {
  const auto order_id = trimmed(pc.form["order_id"]);
  oms::check_order_id(order_id);
  const auto payment = oms::parse_payment_confirmation({{"status", pc.form["status"]},
                                                        {"gateway", pc.form["gateway"]},
                                                        {"reference", pc.form["reference"]}});
  const auto o = orders_of(oms).confirm_payment(pc.store.id, order_id, payment);
  return {{"order_id", o.order_id},
          {"fynd_order_id", o.fynd_order_id},
          {"state", o.state},
          {"oms_status", o.oms_status}};
}

json track_answer(PageCtx& pc, OmsUiContext& oms) {
  const auto order_id = trimmed(pc.form["order_id"]);
  oms::check_order_id(order_id);
  const auto t = orders_of(oms).track(pc.store.id, order_id);
  if (t.answer.raw.is_object()) return t.answer.raw;
  json shipments = json::array();
  for (const auto& s : t.answer.shipments) {
    json bags = json::array();
    for (const auto& b : s.bags)
      bags.push_back({{"bag_id", b.bag_id},
                      {"sku", b.sku},
                      {"returnable", b.returnable},
                      {"cancellable", b.cancellable}});
    shipments.push_back({{"shipment_id", s.shipment_id}, {"status", s.status}, {"bags", bags}});
  }
  return {{"shipments", shipments}};
}
}  // namespace

void add_oms_page(http::Router& router, UiContext& ctx, OmsUiContext& oms) {
  using V = http::bhttp::verb;
  add_page(router, ctx, V::get, "/ui/oms",
           [&oms](PageCtx& pc) { return oms_page(pc, oms, "", nullptr, nullptr); });
  using Call = json (*)(PageCtx&, OmsUiContext&);
  for (const auto& [path, title, call] :
       {std::tuple{"/ui/oms/stock", "stock status", Call{&stock_answer}},
        std::tuple{"/ui/oms/serviceability", "serviceability", Call{&serviceability_answer}},
        std::tuple{"/ui/oms/payment", "payment confirmation", Call{&payment_answer}},
        std::tuple{"/ui/oms/track", "track order", Call{&track_answer}}}) {
    add_page(router, ctx, V::post, path, [&oms, title, call](PageCtx& pc) {
      json answer;
      try {
        answer = call(pc, oms);
      } catch (const Error& e) {
        if (e.code() == ErrorCode::internal) throw;
        return oms_page(pc, oms, title, nullptr, &e);
      }
      return oms_page(pc, oms, title, answer, nullptr);
    });
  }
}

}  // namespace herald::ui
