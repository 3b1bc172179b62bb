// The OMS connector's section of the store settings: the API's settings (contract §12.1) as a
// form, checked by the same service, and a connection check.
#include "common/error.h"
#include "http/error_mapping.h"
#include "ui/oms_pages.h"
#include "ui/page.h"

namespace herald::ui {

namespace {
using nlohmann::json;

constexpr const char* kForm = R"html(
<p><a href="/ui/settings">‹ Store settings</a></p>
{{#notice}}<p class="notice">{{notice}}</p>{{/notice}}{{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
<form class="card" method="post" action="/ui/settings/oms" id="oms-settings">
  <input type="hidden" name="csrf" value="{{csrf}}">
  <div class="row">
  <label>Provider <select name="provider"{{#invalid.provider}} aria-invalid="true"{{/invalid.provider}}><option value="fynd"{{#fynd}} selected{{/fynd}}>Fynd</option></select></label>
  <label>API URL <input name="api_url" value="{{f.api_url}}" size="40"{{#invalid.api_url}} aria-invalid="true"{{/invalid.api_url}}></label>
  </div>
  <div class="row">
  <label>Affiliate id <input name="affiliate_id" value="{{f.affiliate_id}}"{{#invalid.affiliate_id}} aria-invalid="true"{{/invalid.affiliate_id}}></label>
  <label>Affiliate token <input type="password" name="affiliate_token" autocomplete="off" placeholder="{{token_mask}}"{{#invalid.affiliate_token}} aria-invalid="true"{{/invalid.affiliate_token}}></label>
  <label>Secret (signs the OMS's webhooks) <input type="password" name="secret" autocomplete="off" placeholder="{{secret_mask}}"{{#invalid.secret}} aria-invalid="true"{{/invalid.secret}}></label>
  </div>
  <p class="hint">{{#stored}}Leave the token and the secret empty to keep the stored ones.{{/stored}}{{^stored}}The token and the secret are stored encrypted.{{/stored}}</p>
  <div class="row">
  <label>Safety stock <input name="safety_stock" value="{{f.safety_stock}}" size="6"{{#invalid.safety_stock}} aria-invalid="true"{{/invalid.safety_stock}}></label>
  <label>Inventory sync every (15–60 minutes) <input name="inventory_sync_minutes" value="{{f.inventory_sync_minutes}}" size="4"{{#invalid.inventory_sync_minutes}} aria-invalid="true"{{/invalid.inventory_sync_minutes}}></label>
  </div>
  <label><span><input type="checkbox" name="enabled" value="on"{{#f.enabled}} checked{{/f.enabled}}> Connector on (off: webhooks answer 404, background work pauses)</span></label>
  <div class="row"><button type="submit">Save connector</button></div>
</form>
{{#stored}}<p>Webhook URL to give the OMS: <code id="webhook-url">{{webhook_url}}</code></p>
<form method="post" action="/ui/settings/oms/check" class="actions"><input type="hidden" name="csrf" value="{{csrf}}"><button class="secondary" id="check">Test connection</button></form>{{/stored}}
)html";

// What the form shows: the stored settings, or what was entered when a save was refused.
struct FormState {
  json values = json::object();
  bool stored = false;
  std::string token_mask, secret_mask;
};

FormState stored_state(PageCtx& pc, OmsUiContext& oms) {
  FormState st;
  st.values = {{"provider", "fynd"},
               {"api_url", ""},
               {"affiliate_id", ""},
               {"safety_stock", "0"},
               {"inventory_sync_minutes", "15"},
               {"enabled", true}};
  if (const auto s = oms.settings.get(pc.store.id)) {
    st.stored = true;
    st.values = {{"provider", s->provider},
                 {"api_url", s->api_url},
                 {"affiliate_id", s->affiliate_id},
                 {"safety_stock", std::to_string(s->safety_stock)},
                 {"inventory_sync_minutes", std::to_string(s->inventory_sync_minutes)},
                 {"enabled", s->enabled}};
    st.token_mask = oms::mask(s->affiliate_token);
    st.secret_mask = oms::mask(s->secret);
  }
  return st;
}

http::Response form_page(PageCtx& pc, const FormState& st, const std::string& notice,
                         const Error* error) {
  json vars = {{"f", st.values},
               {"fynd", st.values.value("provider", "fynd") == "fynd"},
               {"stored", st.stored},
               {"token_mask", st.token_mask},
               {"secret_mask", st.secret_mask},
               {"webhook_url", pc.ui.config.server.public_url + "/v1/oms/webhook/" + pc.store.slug},
               {"notice", opt(notice)},
               {"error", error ? json(error->what()) : json(nullptr)},
               {"invalid", json::object()}};
  if (error && !error->field().empty()) vars["invalid"][error->field()] = true;
  return render_page(pc, "OMS connector", "settings", kForm, vars,
                     error ? http::status_of(error->code()) : http::bhttp::status::ok);
}

// The form as a PUT /v1/oms body: numbers stay text when they are not numbers, so the
// service names the field.
json body_of(const std::map<std::string, std::string>& f) {
  auto field = [&](const char* k) {
    auto it = f.find(k);
    return it == f.end() ? std::string() : it->second;
  };
  auto number = [&](const char* k) -> json {
    const std::string v = field(k);
    try {
      std::size_t used = 0;
      const long long n = std::stoll(v, &used);
      if (used == v.size()) return n;
    } catch (const std::exception&) {
    }
    return v;
  };
  return {{"provider", field("provider")},
          {"api_url", field("api_url")},
          {"affiliate_id", field("affiliate_id")},
          {"affiliate_token", field("affiliate_token")},
          {"secret", field("secret")},
          {"safety_stock", number("safety_stock")},
          {"inventory_sync_minutes", number("inventory_sync_minutes")},
          {"enabled", field("enabled") == "on"}};
}

const char* notice_of(const std::string& done) {
  if (done == "saved") return "Connector saved.";
  if (done == "checked") return "The OMS answered: the connection works.";
  return "";
}
}  // namespace

void add_oms_settings_pages(http::Router& router, UiContext& ctx, OmsUiContext& oms) {
  using V = http::bhttp::verb;
  add_page(router, ctx, V::get, "/ui/settings/oms", [&oms](PageCtx& pc) {
    return form_page(pc, stored_state(pc, oms), notice_of(pc.req.query_value("done")), nullptr);
  });
  add_page(router, ctx, V::post, "/ui/settings/oms", [&oms](PageCtx& pc) {
    const json body = body_of(pc.form);
    try {
      oms.settings.put(pc.store.id, body);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::bad_request) throw;
      FormState st = stored_state(pc, oms);
      for (const char* k : {"provider", "api_url", "affiliate_id", "safety_stock",
                            "inventory_sync_minutes", "enabled"})
        st.values[k] =
            body[k].is_number() ? json(std::to_string(body[k].get<long long>())) : body[k];
      return form_page(pc, st, "", &e);
    }
    return redirect("/ui/settings/oms?done=saved");
  });
  add_page(router, ctx, V::post, "/ui/settings/oms/check", [&oms](PageCtx& pc) {
    try {
      oms.connectors.for_store(pc.store.id)->stock_changes(pc.now, "");
    } catch (const Error& e) {
      return form_page(pc, stored_state(pc, oms), "", &e);
    }
    return redirect("/ui/settings/oms?done=checked");
  });
}

}  // namespace herald::ui
