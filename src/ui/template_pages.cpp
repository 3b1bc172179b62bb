// Templates: the list, an edit form, and a preview rendered from sample data.
#include <regex>

#include "common/error.h"
#include "intake/message_planner.h"
#include "render/renderer.h"
#include "ui/page.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
constexpr const char* kList = R"html(
<p><a href="/ui/templates/edit">+ New template</a></p>
<div class="table-wrap"><table id="templates"><thead><tr><th>Key</th><th>Channel</th><th>Locale</th><th class="hide-sm">Subject / text</th><th class="hide-sm">Updated</th><th></th></tr></thead><tbody>
{{#rows}}<tr><td>{{key}}</td><td>{{channel}}</td><td>{{locale}}</td><td class="hide-sm">{{summary}}</td><td class="hide-sm time">{{updated_at}}</td><td><a href="{{edit}}">Edit</a></td></tr>{{/rows}}
{{^rows}}<tr><td colspan="6" class="empty">No templates yet.</td></tr>{{/rows}}</tbody></table></div>
)html";

constexpr const char* kEdit = R"html(
{{#notice}}<p class="notice">{{notice}}</p>{{/notice}}{{#error}}<p class="error">{{error}}</p>{{/error}}
<form class="card" method="post" action="/ui/templates/edit">
  <input type="hidden" name="csrf" value="{{csrf}}">
  <div class="row">
  <label>Key (event or message type) <input name="key" value="{{t.key}}" required pattern="[A-Za-z0-9_.\-]{1,100}"></label>
  <label>Channel <select name="channel"><option{{#t.email}} selected{{/t.email}}>email</option><option{{#t.sms_channel}} selected{{/t.sms_channel}}>sms</option></select></label>
  <label>Locale <input name="locale" value="{{t.locale}}" required size="8"></label>
  </div>
  <label>Subject <input name="subject" value="{{t.subject}}"></label>
  <label>HTML <textarea name="html">{{t.html}}</textarea></label>
  <label>Text <textarea name="text">{{t.text}}</textarea></label>
  <label>SMS <textarea name="sms">{{t.sms}}</textarea></label>
  <div class="row"><button name="action" value="save">Save</button><button name="action" value="preview" class="secondary">Preview</button></div>
</form>
{{#preview}}<h2>Preview (sample order)</h2>
<dl class="meta" id="preview">{{#subject}}<dt>Subject</dt><dd>{{subject}}</dd>{{/subject}}
{{#text}}<dt>Text</dt><dd><pre>{{text}}</pre></dd>{{/text}}{{#sms}}<dt>SMS</dt><dd><pre>{{sms}}</pre></dd>{{/sms}}</dl>
{{#html}}<iframe class="mail" sandbox title="HTML preview" srcdoc="{{html}}"></iframe>{{/html}}{{/preview}}
<h2>Variables</h2><pre>{{sample}}</pre>
)html";

nlohmann::json sample_vars(const store::StoreRecord& store) {
  return intake::template_vars(
      store, nlohmann::json::parse(R"({"id":"evt-sample","type":"OUT_FOR_DELIVERY",
        "order":{"id":"FY-88812","number":"KRT-1001","payment":"prepaid",
                 "bags":[{"id":"B-1","sku":"TSHIRT-M","name":"T-shirt","qty":1}]},
        "customer":{"id":"C-9","name":"Sara","email":"sara@test.no","phone":"+47 900 00 000",
                    "locale":"nb-NO"},
        "data":{"tracking_url":"https://carrier.example/t/123"}})"));
}

nlohmann::json template_json(const store::TemplateRecord& t) {
  return {{"key", t.key},
          {"locale", t.locale},
          {"subject", t.subject},
          {"html", t.html},
          {"text", t.text},
          {"sms", t.sms},
          {"email", t.channel == domain::Channel::email},
          {"sms_channel", t.channel == domain::Channel::sms}};
}

http::Response edit_page(PageCtx& pc, const store::TemplateRecord& t, nlohmann::json extra) {
  auto vars = std::move(extra);
  vars["t"] = template_json(t);
  vars["sample"] = sample_vars(pc.store).dump(2);
  return render_page(pc, t.key.empty() ? "New template" : "Template " + t.key, "templates", kEdit,
                     vars);
}
}  // namespace

void add_template_pages(http::Router& router, UiContext& ctx) {
  using V = http::bhttp::verb;
  add_page(router, ctx, V::get, "/ui/templates", [](PageCtx& pc) {
    nlohmann::json vars = {{"rows", nlohmann::json::array()}};
    for (const auto& t : pc.ui.ui.all_templates(pc.store.id))
      vars["rows"].push_back(
          {{"key", t.key},
           {"channel", domain::to_string(t.channel)},
           {"locale", t.locale},
           {"summary", t.channel == domain::Channel::email ? t.subject : t.sms.substr(0, 80)},
           {"updated_at", format_time(t.updated_at)},
           {"edit", "/ui/templates/edit" +
                        query_string({{"key", t.key},
                                      {"channel", std::string(domain::to_string(t.channel))},
                                      {"locale", t.locale}})}});
    return render_page(pc, "Templates", "templates", kList, vars);
  });
  add_page(router, ctx, V::get, "/ui/templates/edit", [](PageCtx& pc) {
    store::TemplateRecord t;
    t.key = pc.req.query_value("key");
    t.locale = pc.req.query_value("locale").empty() ? pc.store.settings.default_locale
                                                    : pc.req.query_value("locale");
    t.channel =
        domain::parse_channel(pc.req.query_value("channel")).value_or(domain::Channel::email);
    if (!t.key.empty())
      for (const auto& x : pc.ui.templates.list_templates(pc.store.id, t.key))
        if (x.channel == t.channel && x.locale == t.locale) t = x;
    return edit_page(pc, t, nlohmann::json::object());
  });
  add_page(router, ctx, V::post, "/ui/templates/edit", [](PageCtx& pc) {
    auto& f = pc.form;
    store::TemplateRecord t;
    t.key = f["key"];
    t.locale = f["locale"];
    t.channel = domain::parse_channel(f["channel"]).value_or(domain::Channel::email);
    t.subject = f["subject"];
    t.html = f["html"];
    t.text = f["text"];
    t.sms = f["sms"];
    t.updated_at = pc.now;
    static const std::regex kKey("[A-Za-z0-9_.\\-]{1,100}");
    nlohmann::json extra = nlohmann::json::object();
    try {
      if (!std::regex_match(t.key, kKey))
        throw bad_request("The key must be 1-100 letters, digits, '_', '-' or '.'.", "key");
      if (t.locale.empty()) throw bad_request("The locale is required.", "locale");
      // Also checks the limits and the syntax; kept for reuse once it is used for real.
      auto r = render::render_template(t, sample_vars(pc.store), render::Reuse::once);
      if (f["action"] == "preview") {
        extra["preview"] = {{"subject", opt(r.subject)},
                            {"html", opt(r.html)},
                            {"text", opt(r.text)},
                            {"sms", opt(r.sms)}};
      } else {
        pc.ui.intake.put_template(pc.store.id, t);
        extra["notice"] = "Template saved.";
      }
    } catch (const Error& e) {
      extra["error"] = e.what();
    }
    return edit_page(pc, t, extra);
  });
}

}  // namespace herald::ui
