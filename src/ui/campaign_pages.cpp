// Campaigns: the list, a form to create and edit one, switching it on and off, and a dry run
// (who would receive its actions now; nothing is sent or stored).
#include "campaigns/campaign_service.h"
#include "common/error.h"
#include "common/json_read.h"
#include "ui/campaign_form.h"
#include "ui/dry_run_limit.h"
#include "ui/object_id.h"
#include "ui/page.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
using nlohmann::json;

constexpr const char* kList = R"html(
{{#notice}}<p class="notice">{{notice}}</p>{{/notice}}
<p><a href="/ui/campaigns/new">+ New campaign</a></p>
<div class="table-wrap"><table id="campaigns"><thead><tr><th>Name</th><th>When</th><th class="hide-sm">Actions</th><th>State</th><th class="hide-sm">Updated</th><th></th></tr></thead><tbody>
{{#rows}}<tr data-id="{{id}}"><td><a href="/ui/campaigns/{{id}}">{{name}}</a></td><td>{{when}}</td><td class="hide-sm">{{actions}}</td>
<td><span class="badge {{state_class}}">{{state}}</span></td><td class="hide-sm time">{{updated_at}}</td>
<td><form method="post" action="/ui/campaigns/{{id}}/{{toggle}}" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="back" value="list"><button class="{{toggle_class}}">{{toggle_label}}</button></form>
<a href="/ui/campaigns/{{id}}/dry-run">Dry run</a></td></tr>{{/rows}}
{{^rows}}<tr><td colspan="6" class="empty">No campaigns yet.</td></tr>{{/rows}}</tbody></table></div>
)html";

constexpr const char* kForm = R"html(
{{#notice}}<p class="notice">{{notice}}</p>{{/notice}}{{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
<form class="card" method="post" action="{{action}}" id="campaign-form">
  <input type="hidden" name="csrf" value="{{csrf}}">
  <label>Name <input name="name" value="{{f.name}}" required maxlength="200"{{#invalid.name}} aria-invalid="true"{{/invalid.name}}></label>
  <div class="row">
  <label>Status type <select name="status_type"{{#invalid.status_type}} aria-invalid="true"{{/invalid.status_type}}>{{#f.status_types}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/f.status_types}}</select></label>
  <label>From code (empty: any) <input name="from" value="{{f.from}}"{{#invalid.from}} aria-invalid="true"{{/invalid.from}}></label>
  <label>To code (empty: any) <input name="to" value="{{f.to}}"{{#invalid.to}} aria-invalid="true"{{/invalid.to}}></label>
  </div>
  <label>Filter (JSON; empty matches every order) <textarea name="filter" placeholder='{"field":"order.payment","op":"eq","value":"cod"}'{{#invalid.filter}} aria-invalid="true"{{/invalid.filter}}>{{f.filter}}</textarea></label>
  <fieldset id="actions"><legend>Actions (a row without a template is left out)</legend>
  {{#f.actions}}<div class="row action">
  <label>#{{number}} <select name="action_type_{{i}}"{{#type_invalid}} aria-invalid="true"{{/type_invalid}}>{{#types}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/types}}</select></label>
  <label>Template key <input name="action_template_{{i}}" value="{{template}}"{{#template_invalid}} aria-invalid="true"{{/template_invalid}}></label>
  <label>Delay (seconds) <input name="action_delay_{{i}}" value="{{delay}}" inputmode="numeric" size="9"{{#delay_invalid}} aria-invalid="true"{{/delay_invalid}}></label>
  </div>{{/f.actions}}</fieldset>
  <label><span><input type="checkbox" name="active" value="on"{{#f.active}} checked{{/f.active}}> Active (sends on matching status changes)</span></label>
  <div class="row"><button type="submit">Save campaign</button>{{#id}}<a href="/ui/campaigns/{{id}}/dry-run">Dry run</a>{{/id}}</div>
</form>
{{#id}}<form method="post" action="/ui/campaigns/{{id}}/{{toggle}}" class="actions"><input type="hidden" name="csrf" value="{{csrf}}"><button class="{{toggle_class}}" id="toggle">{{toggle_label}}</button></form>{{/id}}
<h2>Filter examples</h2><pre>{"all":[{"field":"order.payment","op":"eq","value":"cod"},{"field":"customer.phone","op":"exists"}]}
{"field":"customer.tags","op":"contains","value":"vip"}</pre>
)html";

constexpr const char* kDryRun = R"html(
<p>Campaign <a href="/ui/campaigns/{{id}}">{{name}}</a> ({{state}}). A dry run checks the filter against orders as they are stored now; the trigger is not checked and nothing is sent or stored.</p>
{{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
<form class="filters" method="get" action="/ui/campaigns/{{id}}/dry-run">
  <label>Order id (empty: the latest orders) <input name="order" value="{{order}}"{{#invalid.order}} aria-invalid="true"{{/invalid.order}}></label>
  <label>Latest orders <input type="number" name="limit" min="1" max="1000" value="{{limit}}"{{#invalid.limit}} aria-invalid="true"{{/invalid.limit}}></label>
  <button type="submit">Dry run</button>
</form>
{{#ran}}<p id="dry-run-summary">{{evaluated}} order(s) evaluated: {{recipient_count}} message(s) would be sent, {{skipped_count}} skipped.</p>
<h2>Would receive</h2>
<div class="table-wrap"><table id="dry-run-recipients"><thead><tr><th>Order</th><th>Customer</th><th>Channel</th><th>To</th><th>Template</th><th>Delay (s)</th></tr></thead><tbody>
{{#recipients}}<tr><td>{{#order_id}}<a href="/ui/orders/{{order_id}}">{{order_id}}</a>{{/order_id}}</td><td>{{customer_id}}</td><td>{{channel}}</td><td>{{to}}</td><td>{{template}}</td><td class="num">{{delay_seconds}}</td></tr>{{/recipients}}
{{^recipients}}<tr><td colspan="6" class="empty">Nobody: no order matches the filter.</td></tr>{{/recipients}}</tbody></table></div>
{{#has_skipped}}<h2>Skipped</h2>
<div class="table-wrap"><table id="dry-run-skipped"><thead><tr><th>Order</th><th>Channel</th><th>Reason</th></tr></thead><tbody>
{{#skipped}}<tr><td>{{order_id}}</td><td>{{channel}}</td><td><code>{{reason}}</code></td></tr>{{/skipped}}</tbody></table></div>{{/has_skipped}}{{/ran}}
)html";

std::string when_of(const campaigns::Campaign& c) {
  return c.trigger.status_type + ": " + c.trigger.from.value_or("any") + " → " +
         c.trigger.to.value_or("any");
}

void add_toggle(json& v, bool active) {
  v["toggle"] = active ? "deactivate" : "activate";
  v["toggle_label"] = active ? "Deactivate" : "Activate";
  v["toggle_class"] = active ? "danger" : "";
  v["state"] = active ? "active" : "inactive";
  v["state_class"] = active ? "ok" : "muted";
}

const char* notice_of(const std::string& done) {
  if (done == "created") return "Campaign created.";
  if (done == "saved") return "Campaign saved.";
  if (done == "activated") return "Campaign activated: it now sends on matching status changes.";
  if (done == "deactivated")
    return "Campaign deactivated: it sends nothing, waiting sends are dropped.";
  return "";
}

http::Response list_page(PageCtx& pc) {
  json vars = {{"rows", json::array()}, {"notice", opt(notice_of(pc.req.query_value("done")))}};
  for (const auto& c : campaigns::CampaignService(pc.ui.orders).list(pc.store.id)) {
    std::string actions;
    for (const auto& a : c.actions)
      actions += (actions.empty() ? "" : ", ") + std::string(domain::to_string(a.channel)) + " " +
                 a.template_key +
                 (a.delay_seconds ? " +" + std::to_string(a.delay_seconds) + "s" : "");
    json row = {{"id", c.id},
                {"name", c.name},
                {"when", when_of(c)},
                {"actions", actions},
                {"updated_at", format_time(c.updated_at)},
                {"csrf", pc.session.csrf_token}};
    add_toggle(row, c.active);
    vars["rows"].push_back(row);
  }
  return render_page(pc, "Campaigns", "campaigns", kList, vars);
}

// The form with the values as entered, and the error (with its field marked) when there is one.
// `stored_active` is the campaign's state as stored (for the activate button), unset when new.
http::Response form_page(PageCtx& pc, std::int64_t id, std::optional<bool> stored_active,
                         const std::map<std::string, std::string>& f, const std::string& title,
                         const std::string& notice, const Error* error) {
  json vars = {{"f", campaign_form_values(f)},
               {"id", id ? json(id) : json(nullptr)},
               {"action", id ? "/ui/campaigns/" + std::to_string(id) : "/ui/campaigns/new"},
               {"notice", opt(notice)},
               {"error", nullptr},
               {"invalid", json::object()}};
  if (stored_active) add_toggle(vars, *stored_active);
  if (error) {
    vars["error"] = error->what();
    const auto field = form_field_of(error->field());
    vars["invalid"][field] = true;
    for (auto& row : vars["f"]["actions"]) {
      const auto n = std::to_string(row["i"].get<int>());
      for (const char* part : {"type", "template", "delay"})
        row[std::string(part) + "_invalid"] = field == "action_" + std::string(part) + "_" + n;
    }
  }
  auto status = error ? http::bhttp::status::bad_request : http::bhttp::status::ok;
  return render_page(pc, title, "campaigns", kForm, vars, status);
}

campaigns::Campaign load(PageCtx& pc) {
  auto c = campaigns::CampaignService(pc.ui.orders).get(pc.store.id, object_id(pc.req, "campaign"));
  if (!c) throw not_found("campaign '" + pc.req.param("id") + "'");
  return *c;
}

http::Response dry_run_page(PageCtx& pc) {
  auto c = load(pc);
  campaigns::CampaignService service(pc.ui.orders);
  const auto order = pc.req.query_value("order");
  const auto limit_text = pc.req.query_value("limit");
  json vars = {{"id", c.id},
               {"name", c.name},
               {"order", order},
               {"limit", limit_text.empty() ? "100" : limit_text},
               {"ran", false},
               {"error", nullptr},
               {"invalid", json::object()}};
  add_toggle(vars, c.active);
  const auto limit = parse_limit(limit_text);
  if (!limit) {
    vars["error"] = "Latest orders must be a number from 1 to 1000.";
    vars["invalid"]["limit"] = true;
    return render_page(pc, "Dry run: " + c.name, "campaigns", kDryRun, vars,
                       http::bhttp::status::bad_request);
  }
  campaigns::DryRun result;
  if (!order.empty()) {
    auto view = pc.ui.orders.get_order(pc.store.id, order);
    if (!view) {
      vars["error"] = "Order id: no order '" + order + "' is stored for this store.";
      vars["invalid"]["order"] = true;
      return render_page(pc, "Dry run: " + c.name, "campaigns", kDryRun, vars,
                         http::bhttp::status::bad_request);
    }
    auto context = read_json_or_discarded(view->snapshot_json);
    result = service.dry_run_context(pc.store, c, context.is_object() ? context : json::object());
  } else {
    result = service.dry_run_recent(pc.store, c, *limit);
  }
  vars["ran"] = true;
  vars["evaluated"] = result.evaluated;
  vars["recipients"] = result.recipients;
  vars["skipped"] = result.skipped;
  vars["recipient_count"] = result.recipients.size();
  vars["skipped_count"] = result.skipped.size();
  vars["has_skipped"] = !result.skipped.empty();
  return render_page(pc, "Dry run: " + c.name, "campaigns", kDryRun, vars);
}

http::Response set_active(PageCtx& pc, bool active) {
  const auto id = object_id(pc.req, "campaign");
  if (!campaigns::CampaignService(pc.ui.orders).set_active(pc.store.id, id, active, pc.now))
    throw not_found("campaign '" + pc.req.param("id") + "'");
  const std::string done = active ? "activated" : "deactivated";
  return redirect(pc.form["back"] == "list"
                      ? "/ui/campaigns?done=" + done
                      : "/ui/campaigns/" + std::to_string(id) + "?done=" + done);
}
}  // namespace

void add_campaign_pages(http::Router& router, UiContext& ctx) {
  using V = http::bhttp::verb;
  add_page(router, ctx, V::get, "/ui/campaigns", list_page);
  add_page(router, ctx, V::get, "/ui/campaigns/new", [](PageCtx& pc) {
    return form_page(pc, 0, std::nullopt, {{"active", "on"}, {"status_type", "delivery"}},
                     "New campaign", "", nullptr);
  });
  add_page(router, ctx, V::post, "/ui/campaigns/new", [](PageCtx& pc) {
    try {
      auto c = campaigns::CampaignService(pc.ui.orders)
                   .create(pc.store.id, campaign_from_form(pc.form), pc.now);
      return redirect("/ui/campaigns/" + std::to_string(c.id) + "?done=created");
    } catch (const Error& e) {
      if (e.code() != ErrorCode::bad_request) throw;
      return form_page(pc, 0, std::nullopt, pc.form, "New campaign", "", &e);
    }
  });
  add_page(router, ctx, V::get, "/ui/campaigns/{id}", [](PageCtx& pc) {
    auto c = load(pc);
    return form_page(pc, c.id, c.active, form_of(c), "Campaign " + c.name,
                     notice_of(pc.req.query_value("done")), nullptr);
  });
  add_page(router, ctx, V::post, "/ui/campaigns/{id}", [](PageCtx& pc) {
    auto existing = load(pc);
    try {
      campaigns::CampaignService(pc.ui.orders)
          .update(pc.store.id, existing.id, campaign_from_form(pc.form), pc.now);
      return redirect("/ui/campaigns/" + std::to_string(existing.id) + "?done=saved");
    } catch (const Error& e) {
      if (e.code() != ErrorCode::bad_request) throw;
      return form_page(pc, existing.id, existing.active, pc.form, "Campaign " + existing.name, "",
                       &e);
    }
  });
  add_page(router, ctx, V::post, "/ui/campaigns/{id}/activate",
           [](PageCtx& pc) { return set_active(pc, true); });
  add_page(router, ctx, V::post, "/ui/campaigns/{id}/deactivate",
           [](PageCtx& pc) { return set_active(pc, false); });
  add_page(router, ctx, V::get, "/ui/campaigns/{id}/dry-run", dry_run_page);
}

}  // namespace herald::ui
