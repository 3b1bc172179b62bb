// The orders list: the store's orders, newest created first, in keyset pages; the search box
// finds an order by its id or its number.
#include "ui/log_query.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
constexpr const char* kOrders = R"html(
<form class="filters" method="get" action="/ui/orders" role="search">
  <label>Order id or number <input name="q" value="{{f.q}}" placeholder="FY-88812 or KRT-1001" autocomplete="off"></label>
  <button type="submit">Find</button> <a href="/ui/orders">Clear</a>
</form>
{{#error}}<p class="error">{{error}}</p>{{/error}}
<div class="table-wrap"><table class="log" id="orders">
<thead><tr><th>Created</th><th>Order</th><th>Number</th><th class="hide-sm">Customer</th><th class="hide-sm">Payment</th><th>Updated</th></tr></thead>
<tbody>{{#rows}}<tr data-id="{{id}}"><td class="time">{{created_at}}</td><td><a href="/ui/orders/{{href}}">{{id}}</a></td><td>{{number}}</td>
<td class="hide-sm">{{customer}}</td><td class="hide-sm">{{payment}}</td><td class="time">{{updated_at}}</td></tr>{{/rows}}
{{^rows}}<tr><td colspan="6" class="empty">{{#f.q}}No order has the id or number “{{f.q}}”.{{/f.q}}{{^f.q}}No orders yet.{{/f.q}}</td></tr>{{/rows}}</tbody></table></div>
<nav class="pager">{{#pager.newest}}<a href="{{pager.newest}}">« Newest</a>{{/pager.newest}}
{{#pager.newer}}<a href="{{pager.newer}}" rel="prev">‹ Newer</a>{{/pager.newer}}
{{#pager.older}}<a href="{{pager.older}}" rel="next">Next (older) ›</a>{{/pager.older}}</nav>
)html";

// A page link's cursor: "<created_at>.<order id>".
std::string cursor_text(const store::OrderView& o) {
  return std::to_string(o.created_at) + "." + o.order_id;
}

std::optional<store::OrderCursor> parse_cursor(const std::string& s) {
  const auto dot = s.find('.');
  if (dot == std::string::npos) return std::nullopt;
  auto at = parse_seq(s.substr(0, dot));
  if (!at) return std::nullopt;
  return store::OrderCursor{*at, s.substr(dot + 1)};
}

// A snapshot field as text: numbers as written, anything else but a string as nothing.
std::string text_of(const nlohmann::json& snapshot, const char* object, const char* key) {
  if (!snapshot.is_object() || !snapshot.contains(object) || !snapshot[object].is_object())
    return "";
  const auto& o = snapshot[object];
  if (!o.contains(key)) return "";
  if (o[key].is_string()) return o[key].get<std::string>();
  if (o[key].is_number()) return o[key].dump();
  return "";
}

std::string trimmed(std::string v) {
  v.erase(0, v.find_first_not_of(" \t"));
  v.erase(v.find_last_not_of(" \t") + 1);
  return v;
}

http::Response order_list_page(PageCtx& pc) {
  store::OrderListQuery q;
  std::map<std::string, std::string> values;
  std::string error;
  q.search = trimmed(pc.req.query_value("q"));
  values["q"] = q.search;
  if (auto l = parse_seq(pc.req.query_value("limit")); l && *l >= 1 && *l <= 200) {
    q.limit = static_cast<int>(*l);
    values["limit"] = std::to_string(*l);
  }
  for (const char* name : {"before", "after"}) {
    const auto v = pc.req.query_value(name);
    if (v.empty()) continue;
    auto c = parse_cursor(v);
    if (!c)
      error = std::string(name) + " is not a page of this list";
    else if (std::string(name) == "before")
      q.before = c;
    else if (!q.before)
      q.after = c;
  }
  std::vector<store::OrderView> rows;
  if (error.empty()) rows = pc.ui.orders.list_orders(pc.store.id, q);
  nlohmann::json vars = {{"f", values}, {"error", opt(error)}, {"rows", nlohmann::json::array()}};
  if (q.search.empty()) vars["f"]["q"] = nullptr;
  for (const auto& o : rows) {
    const auto snapshot = nlohmann::json::parse(o.snapshot_json, nullptr, false);
    vars["rows"].push_back({{"id", o.order_id},
                            {"href", http::url_encode(o.order_id)},
                            {"number", text_of(snapshot, "order", "number")},
                            {"customer", text_of(snapshot, "customer", "name")},
                            {"payment", text_of(snapshot, "order", "payment")},
                            {"created_at", format_time(o.created_at)},
                            {"updated_at", format_time(o.updated_at)}});
  }
  const bool full = static_cast<int>(rows.size()) == q.limit;
  const bool paged = q.before || q.after;
  nlohmann::json pager = {{"older", nullptr}, {"newer", nullptr}, {"newest", nullptr}};
  if (!rows.empty() && (full || q.after)) {
    auto v = values;
    v["before"] = cursor_text(rows.back());
    pager["older"] = "/ui/orders" + query_string(v);
  }
  if (!rows.empty() && (q.before || (q.after && full))) {
    auto v = values;
    v["after"] = cursor_text(rows.front());
    pager["newer"] = "/ui/orders" + query_string(v);
  }
  if (paged) pager["newest"] = "/ui/orders" + query_string(values);
  vars["pager"] = pager;
  return render_page(pc, "Orders", "orders", kOrders, vars);
}
}  // namespace

void add_order_list_page(http::Router& router, UiContext& ctx) {
  add_page(router, ctx, http::bhttp::verb::get, "/ui/orders", order_list_page);
}

}  // namespace herald::ui
