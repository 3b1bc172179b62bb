// The suppression list (list, add, remove) and the store settings.
#include <regex>

#include "common/error.h"
#include "domain/address.h"
#include "ui/page.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
constexpr const char* kSuppressions = R"html(
{{#notice}}<p class="notice">{{notice}}</p>{{/notice}}{{#error}}<p class="error">{{error}}</p>{{/error}}
<form class="filters" method="post" action="/ui/suppressions">
  <input type="hidden" name="csrf" value="{{csrf}}">
  <label>Address or number <input name="address" required></label>
  <label>Channel <select name="channel"><option value="">from the address</option><option>email</option><option>sms</option></select></label>
  <label>Note <input name="detail"></label>
  <button type="submit">Add to the list</button>
</form>
<form class="filters" method="get" action="/ui/suppressions">
  <label>Find address <input name="address" value="{{address}}"></label><button type="submit" class="secondary">Find</button>
</form>
<div class="table-wrap"><table id="suppressions"><thead><tr><th>Address</th><th>Channel</th><th>Why</th><th class="hide-sm">Since</th><th class="hide-sm">Until</th><th></th></tr></thead><tbody>
{{#rows}}<tr><td>{{address}}</td><td>{{channel}}</td><td>{{words}}{{#detail}} <small>({{detail}})</small>{{/detail}}</td><td class="hide-sm time">{{created_at}}</td><td class="hide-sm time">{{expires_at}}</td>
<td><form method="post" action="/ui/suppressions/remove" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="address" value="{{address}}"><input type="hidden" name="channel" value="{{channel}}"><button class="danger">Remove</button></form></td></tr>{{/rows}}
{{^rows}}<tr><td colspan="6" class="empty">The list is empty.</td></tr>{{/rows}}</tbody></table></div>
<nav class="pager">{{#prev}}<a href="{{prev}}">‹ Previous</a>{{/prev}}{{#next}}<a href="{{next}}">Next ›</a>{{/next}}</nav>
)html";

constexpr const char* kSettings = R"html(
{{#notice}}<p class="notice">{{notice}}</p>{{/notice}}{{#error}}<p class="error">{{error}}</p>{{/error}}
<form class="card" method="post" action="/ui/settings">
  <input type="hidden" name="csrf" value="{{csrf}}">
  <label>Store name <input name="name" value="{{s.name}}"></label>
  <label>Owner email <input type="email" name="owner_email" value="{{s.owner_email}}"></label>
  <div class="row">
  <label>Default country (phone numbers) <input name="default_country" value="{{s.default_country}}" pattern="[A-Z]{2}" size="3"></label>
  <label>Default locale <input name="default_locale" value="{{s.default_locale}}" size="8"></label>
  </div>
  <label><span><input type="checkbox" name="logging" value="on"{{#s.logging}} checked{{/s.logging}}> Keep message content in the log (logging on)</span></label>
  <label><span><input type="checkbox" name="tracking" value="on"{{#s.tracking}} checked{{/s.tracking}}> Track opens and clicks</span></label>
  <div class="row">
  <label>Keep content (days) <input type="number" name="content_days" min="1" max="3650" value="{{s.content_days}}"></label>
  <label>Keep log rows (days) <input type="number" name="metadata_days" min="1" max="3650" value="{{s.metadata_days}}"></label>
  </div>
  <div><button type="submit">Save settings</button></div>
</form>
<section class="card" id="oms-connector"><h2>OMS connector</h2>
<p>The order-management system (Fynd) whose webhooks become order events, and which Herald asks about stock and orders: <a href="/ui/settings/oms">OMS connector settings</a></p></section>
)html";

http::Response suppressions(PageCtx& pc, const std::string& notice, const std::string& error) {
  const auto address_text = pc.req.query_value("address");
  std::string address = address_text;
  if (auto e = domain::normalize_email(address_text))
    address = *e;
  else if (auto p = domain::normalize_phone(address_text, pc.store.settings.default_country))
    address = *p;
  int offset = 0;
  try {
    offset = std::max(0, std::stoi(pc.req.query_value("offset")));
  } catch (const std::exception&) {
  }
  constexpr int kLimit = 50;
  auto rows =
      pc.ui.suppressions.list_suppressions(pc.store.id, address, pc.now, kLimit + 1, offset);
  nlohmann::json vars = {{"rows", nlohmann::json::array()},
                         {"address", address_text},
                         {"notice", opt(notice)},
                         {"error", opt(error)},
                         {"prev", nullptr},
                         {"next", nullptr}};
  for (size_t i = 0; i < rows.size() && i < kLimit; ++i) {
    const auto& s = rows[i];
    auto words = domain::describe_reason(s.reason);
    vars["rows"].push_back({{"address", s.address},
                            {"channel", domain::to_string(s.channel)},
                            {"words", words.empty() ? s.reason : words},
                            {"detail", opt(s.detail)},
                            {"created_at", format_time(s.created_at)},
                            {"expires_at", s.expires_at ? format_time(s.expires_at) : "never"}});
  }
  if (rows.size() > static_cast<size_t>(kLimit))
    vars["next"] = "/ui/suppressions" + query_string({{"address", address_text},
                                                      {"offset", std::to_string(offset + kLimit)}});
  if (offset > 0)
    vars["prev"] = "/ui/suppressions" +
                   query_string({{"address", address_text},
                                 {"offset", std::to_string(std::max(0, offset - kLimit))}});
  return render_page(pc, "Suppression list", "suppressions", kSuppressions, vars);
}

http::Response settings(PageCtx& pc, const std::string& notice, const std::string& error) {
  const auto& s = pc.store.settings;
  nlohmann::json vars = {{"s",
                          {{"name", s.name},
                           {"owner_email", s.owner_email},
                           {"default_country", s.default_country},
                           {"default_locale", s.default_locale},
                           {"logging", s.logging},
                           {"tracking", s.tracking},
                           {"content_days", s.content_days},
                           {"metadata_days", s.metadata_days}}},
                         {"notice", opt(notice)},
                         {"error", opt(error)}};
  return render_page(pc, "Store settings", "settings", kSettings, vars);
}

std::string save_settings(PageCtx& pc) {
  auto st = pc.store.settings;
  auto& f = pc.form;
  st.name = f["name"];
  st.owner_email = f["owner_email"];
  if (!st.owner_email.empty() && !domain::normalize_email(st.owner_email))
    return "Owner email is not an email address.";
  static const std::regex kCountry("[A-Z]{2}");
  if (!std::regex_match(f["default_country"], kCountry))
    return "Default country must be a two-letter ISO 3166 code like NO.";
  st.default_country = f["default_country"];
  if (f["default_locale"].empty()) return "Default locale is required (e.g. en or nb-NO).";
  st.default_locale = f["default_locale"];
  st.logging = f["logging"] == "on";
  st.tracking = f["tracking"] == "on";
  try {
    st.content_days = std::stoi(f["content_days"]);
    st.metadata_days = std::stoi(f["metadata_days"]);
  } catch (const std::exception&) {
    return "Retention days must be numbers.";
  }
  if (st.content_days < 1 || st.content_days > 3650 || st.metadata_days < 1 ||
      st.metadata_days > 3650)
    return "Retention days must be 1 to 3650.";
  if (st.content_days > st.metadata_days) return "Content cannot be kept longer than the log rows.";
  pc.ui.tenants.update_store_settings(pc.store.id, st);
  pc.ui.keys.forget(pc.store.id);
  pc.store.settings = st;
  return {};
}
}  // namespace

void add_admin_pages(http::Router& router, UiContext& ctx) {
  using V = http::bhttp::verb;
  add_page(router, ctx, V::get, "/ui/suppressions",
           [](PageCtx& pc) { return suppressions(pc, "", ""); });
  add_page(router, ctx, V::post, "/ui/suppressions", [](PageCtx& pc) {
    auto address = pc.form["address"];
    auto channel = domain::parse_channel(pc.form["channel"])
                       .value_or(address.find('@') != std::string::npos ? domain::Channel::email
                                                                        : domain::Channel::sms);
    auto normalized = channel == domain::Channel::email
                          ? domain::normalize_email(address)
                          : domain::normalize_phone(address, pc.store.settings.default_country);
    if (!normalized) return suppressions(pc, "", "'" + address + "' is not a valid address.");
    store::Suppression s;
    s.channel = channel;
    s.address = *normalized;
    s.reason = "manual";
    s.detail = pc.form["detail"];
    s.created_at = pc.now;
    pc.ui.suppressions.put_suppression(pc.store.id, s);
    return suppressions(pc, *normalized + " will not be sent to.", "");
  });
  add_page(router, ctx, V::post, "/ui/suppressions/remove", [](PageCtx& pc) {
    auto channel = domain::parse_channel(pc.form["channel"]);
    if (!channel) return suppressions(pc, "", "Unknown channel.");
    bool removed = pc.ui.suppressions.remove_suppression(pc.store.id, *channel, pc.form["address"]);
    return suppressions(pc, removed ? pc.form["address"] + " removed from the list." : "",
                        removed ? "" : "That address was not on the list.");
  });
  add_page(router, ctx, V::get, "/ui/settings", [](PageCtx& pc) { return settings(pc, "", ""); });
  add_page(router, ctx, V::post, "/ui/settings", [](PageCtx& pc) {
    auto error = save_settings(pc);
    return settings(pc, error.empty() ? "Settings saved." : "", error);
  });
}

}  // namespace herald::ui
