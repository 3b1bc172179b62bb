// Order statuses (contract §7): the store's status definitions, a form to create and edit one,
// and deleting one.
#include "common/error.h"
#include "orders/status_definitions.h"
#include "ui/object_id.h"
#include "ui/page.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
using nlohmann::json;

constexpr const char* kList = R"html(
{{#notice}}<p class="notice">{{notice}}</p>{{/notice}}
<p><a href="/ui/order-statuses/new">+ New order status</a> · <a href="/ui/campaigns">Campaigns</a> send messages when an order's status changes.</p>
<form class="filters" method="get" action="/ui/order-statuses">
  <label>Type <select name="type"><option value="">all</option>{{#types}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/types}}</select></label>
  <button type="submit" class="secondary">Filter</button>
</form>
<div class="table-wrap"><table id="order-statuses"><thead><tr><th>Name</th><th>Type</th><th>Code</th><th>Analytics</th><th class="hide-sm">Updated</th><th></th></tr></thead><tbody>
{{#rows}}<tr data-id="{{id}}"><td><a href="/ui/order-statuses/{{id}}">{{name}}</a></td><td>{{type}}</td><td><code>{{code}}</code></td><td>{{#analytics}}yes{{/analytics}}{{^analytics}}no{{/analytics}}</td>
<td class="hide-sm time">{{updated_at}}</td><td><a href="/ui/order-statuses/{{id}}">Edit</a></td></tr>{{/rows}}
{{^rows}}<tr><td colspan="6" class="empty">No order statuses defined{{#type}} of type {{type}}{{/type}}.</td></tr>{{/rows}}</tbody></table></div>
)html";

constexpr const char* kForm = R"html(
{{#notice}}<p class="notice">{{notice}}</p>{{/notice}}{{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
<form class="card" method="post" action="{{action}}" id="order-status-form">
  <input type="hidden" name="csrf" value="{{csrf}}">
  <label>Name <input name="name" value="{{f.name}}" required maxlength="200"{{#invalid.name}} aria-invalid="true"{{/invalid.name}}></label>
  <div class="row">
  <label>Type <select name="type"{{#invalid.type}} aria-invalid="true"{{/invalid.type}}>{{#types}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/types}}</select></label>
  <label>Code <input name="code" value="{{f.code}}" required{{#invalid.code}} aria-invalid="true"{{/invalid.code}}></label>
  </div>
  <label><span><input type="checkbox" name="include_in_analytics" value="on"{{#f.analytics}} checked{{/f.analytics}}> Count it in the status report</span></label>
  <div class="row"><button type="submit">Save order status</button></div>
</form>
{{#id}}<form method="post" action="/ui/order-statuses/{{id}}/delete" class="actions"><input type="hidden" name="csrf" value="{{csrf}}"><button class="danger" id="delete">Delete</button></form>{{/id}}
)html";

json type_options(const std::string& selected) {
  json out = json::array();
  for (const char* t : {"general", "delivery", "payment"})
    out.push_back({{"value", t}, {"selected", selected == t}});
  return out;
}

const char* notice_of(const std::string& done) {
  if (done == "created") return "Order status created.";
  if (done == "saved") return "Order status saved.";
  if (done == "deleted") return "Order status deleted.";
  return "";
}

std::optional<store::OrderStatusDef> find(PageCtx& pc, std::int64_t id) {
  for (const auto& d : pc.ui.orders.list_order_statuses(pc.store.id))
    if (d.id == id) return d;
  return std::nullopt;
}

store::OrderStatusDef load(PageCtx& pc) {
  auto d = find(pc, object_id(pc.req, "order status"));
  if (!d) throw not_found("order status '" + pc.req.param("id") + "'");
  return *d;
}

store::OrderStatusDef from_form(PageCtx& pc) {
  store::OrderStatusDef d;
  d.name = pc.form["name"];
  d.type = pc.form["type"];
  d.code = pc.form["code"];
  d.include_in_analytics = pc.form["include_in_analytics"] == "on";
  return d;
}

http::Response form_page(PageCtx& pc, const store::OrderStatusDef& d, const std::string& notice,
                         const Error* error) {
  json vars = {
      {"f", {{"name", d.name}, {"code", d.code}, {"analytics", d.include_in_analytics}}},
      {"types", type_options(d.type)},
      {"id", d.id ? json(d.id) : json(nullptr)},
      {"action", d.id ? "/ui/order-statuses/" + std::to_string(d.id) : "/ui/order-statuses/new"},
      {"notice", opt(notice)},
      {"error", error ? json(error->what()) : json(nullptr)},
      {"invalid", json::object()}};
  if (error && !error->field().empty()) vars["invalid"][error->field()] = true;
  return render_page(pc, d.id ? "Order status " + d.code : "New order status", "order-statuses",
                     kForm, vars,
                     error ? http::bhttp::status::bad_request : http::bhttp::status::ok);
}

// Saves the form (a new status when there is no existing one); answers the redirect, or the form
// again with the error and the values as entered.
http::Response save(PageCtx& pc, const std::optional<store::OrderStatusDef>& existing) {
  auto d = from_form(pc);
  d.id = existing ? existing->id : 0;
  const auto id = d.id;
  try {
    orders::check_status_definition(d);
    if (!id) {
      auto created = pc.ui.orders.create_order_status(pc.store.id, d, pc.now);
      return redirect("/ui/order-statuses/" + std::to_string(created.id) + "?done=created");
    }
    if (!pc.ui.orders.update_order_status(pc.store.id, d, pc.now))
      throw not_found("order status '" + std::to_string(id) + "'");
    return redirect("/ui/order-statuses/" + std::to_string(id) + "?done=saved");
  } catch (const Error& e) {
    if (e.code() == ErrorCode::bad_request) return form_page(pc, d, "", &e);
    if (e.code() != ErrorCode::conflict) throw;
    const Error named(
        ErrorCode::bad_request,
        "code: this store already has a " + d.type + " status with the code " + d.code + ".",
        "code");
    return form_page(pc, d, "", &named);
  }
}
}  // namespace

void add_order_status_pages(http::Router& router, UiContext& ctx) {
  using V = http::bhttp::verb;
  add_page(router, ctx, V::get, "/ui/order-statuses", [](PageCtx& pc) {
    const auto type = pc.req.query_value("type");
    json vars = {{"rows", json::array()},
                 {"types", type_options(type)},
                 {"type", opt(type)},
                 {"notice", opt(notice_of(pc.req.query_value("done")))}};
    for (const auto& d : pc.ui.orders.list_order_statuses(pc.store.id))
      if (type.empty() || d.type == type)
        vars["rows"].push_back({{"id", d.id},
                                {"name", d.name},
                                {"type", d.type},
                                {"code", d.code},
                                {"analytics", d.include_in_analytics},
                                {"updated_at", format_time(d.updated_at)}});
    return render_page(pc, "Order statuses", "order-statuses", kList, vars);
  });
  add_page(router, ctx, V::get, "/ui/order-statuses/new", [](PageCtx& pc) {
    store::OrderStatusDef d;
    d.type = "delivery";
    return form_page(pc, d, "", nullptr);
  });
  add_page(router, ctx, V::post, "/ui/order-statuses/new",
           [](PageCtx& pc) { return save(pc, std::nullopt); });
  add_page(router, ctx, V::get, "/ui/order-statuses/{id}", [](PageCtx& pc) {
    return form_page(pc, load(pc), notice_of(pc.req.query_value("done")), nullptr);
  });
  add_page(router, ctx, V::post, "/ui/order-statuses/{id}",
           [](PageCtx& pc) { return save(pc, load(pc)); });
  add_page(router, ctx, V::post, "/ui/order-statuses/{id}/delete", [](PageCtx& pc) {
    if (!pc.ui.orders.delete_order_status(pc.store.id, load(pc).id))
      throw not_found("order status '" + pc.req.param("id") + "'");
    return redirect("/ui/order-statuses?done=deleted");
  });
}

}  // namespace herald::ui
