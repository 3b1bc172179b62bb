// The message view (the "eye"): tabs HTML / Text / Headers / Timeline, and Resend.
// The HTML mail is shown in an <iframe sandbox> whose document comes from /body, served with
// a CSP that forbids scripts and every remote load, so reading a mail never reports an open.
#include "common/error.h"
#include "ui/message_body.h"
#include "ui/page.h"
#include "ui/timeline.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
constexpr const char* kMessage = R"html(
{{#notice}}<p class="notice">{{notice}}</p>{{/notice}}
<dl class="meta">
<dt>Id</dt><dd><code>{{m.id}}</code></dd>
<dt>Channel</dt><dd>{{m.channel}}</dd>
<dt>Type</dt><dd>{{m.type}}</dd>
<dt>Status</dt><dd><span class="badge {{m.status_class}}" id="status">{{m.status}}</span> · fails: <span class="{{#m.failed}}fails{{/m.failed}}">{{m.fail_count}}</span></dd>
<dt>From</dt><dd>{{m.from}}</dd>
<dt>To</dt><dd>{{m.to}}{{#cc}} · cc {{cc}}{{/cc}}</dd>
{{#subject}}<dt>Subject</dt><dd>{{subject}}</dd>{{/subject}}
<dt>Created</dt><dd>{{m.created_at}} UTC</dd>
{{#m.order_id}}<dt>Order</dt><dd><a href="/ui/orders/{{m.order_id}}">{{m.order_id}}</a></dd>{{/m.order_id}}
{{#m.customer_id}}<dt>Customer</dt><dd><a href="/ui/customers/{{m.customer_id}}">{{m.customer_id}}</a></dd>{{/m.customer_id}}
{{#m.cart_id}}<dt>Cart</dt><dd><a href="/ui/carts/{{m.cart_id}}">{{m.cart_id}}</a></dd>{{/m.cart_id}}
{{#m.resent_from}}<dt>Resent from</dt><dd><a href="/ui/messages/{{m.resent_from}}">{{m.resent_from}}</a></dd>{{/m.resent_from}}
</dl>
<form method="post" action="/ui/messages/{{m.id}}/resend" class="row actions">
  <input type="hidden" name="csrf" value="{{csrf}}">
  <button type="submit" id="resend"{{#expired}} disabled{{/expired}}>Resend</button>
  {{#expired}}<span class="empty">Content expired: it can no longer be resent.</span>{{/expired}}
</form>
<nav class="tabs">{{#tabs}}<a href="?tab={{key}}"{{#active}} class="active" aria-current="page"{{/active}}>{{label}}</a>{{/tabs}}</nav>
<section class="tab-body" id="tab-{{tab}}">
{{#expired}}{{^is_timeline}}<p class="empty">The content of this message is no longer kept (retention or logging off).</p>{{/is_timeline}}{{/expired}}
{{#show_html}}<iframe class="mail" title="The mail as HTML (sandboxed: no scripts, no remote images)" sandbox src="/ui/messages/{{m.id}}/body" referrerpolicy="no-referrer"></iframe>{{/show_html}}
{{#show_pre}}<pre>{{pre}}</pre>{{/show_pre}}
{{#is_timeline}}{{{timeline}}}{{/is_timeline}}
</section>
)html";
}  // namespace

http::Response sandboxed_body(const store::MessageRow& m, const store::MessageContent& c) {
  std::string body;
  if (c.expired)
    body = "<p>Content expired.</p>";
  else if (m.channel == domain::Channel::email && !c.html.empty())
    body = c.html;
  else
    body = "<!doctype html><meta charset=utf-8><pre style=\"white-space:pre-wrap\">" +
           html_escape(m.channel == domain::Channel::sms ? c.sms : c.text) + "</pre>";
  auto res =
      http::text_response(http::bhttp::status::ok, std::move(body), "text/html; charset=utf-8");
  res.set("Content-Security-Policy",
          "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
          "frame-ancestors 'self'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set(http::bhttp::field::cache_control, "no-store");
  return res;
}

void add_message_pages(http::Router& router, UiContext& ctx) {
  add_page(router, ctx, http::bhttp::verb::get, "/ui/messages/{id}", [](PageCtx& pc) {
    auto& message_log = pc.ui.log;
    auto row = message_log.get_message(pc.store.id, pc.req.param("id"));
    if (!row) throw not_found("message '" + pc.req.param("id") + "'");
    auto content = message_log.get_content(pc.store.id, row->seq);
    const bool email = row->channel == domain::Channel::email;
    std::string tab = pc.req.query_value("tab");
    const std::vector<std::pair<std::string, std::string>> tabs =
        email ? std::vector<std::pair<std::string, std::string>>{{"html", "HTML"},
                                                                 {"text", "Text"},
                                                                 {"headers", "Headers"},
                                                                 {"timeline", "Timeline"}}
              : std::vector<std::pair<std::string, std::string>>{{"text", "Text"},
                                                                 {"timeline", "Timeline"}};
    if (std::none_of(tabs.begin(), tabs.end(), [&](const auto& t) { return t.first == tab; }))
      tab = tabs.front().first;
    std::string cc;
    for (const auto& a : content.cc) cc += (cc.empty() ? "" : ", ") + a;
    nlohmann::json vars = {
        {"m", message_view_json(*row)},
        {"cc", opt(cc)},
        {"subject", opt(row->subject)},
        {"expired", content.expired},
        {"tab", tab},
        {"tabs", nlohmann::json::array()},
        {"notice", opt(pc.req.query_value("resent").empty() ? "" : "Sent again as a new message.")},
        {"show_html", !content.expired && tab == "html"},
        {"is_timeline", tab == "timeline"}};
    for (const auto& [key, label] : tabs)
      vars["tabs"].push_back({{"key", key}, {"label", label}, {"active", key == tab}});
    if (!content.expired && (tab == "text" || tab == "headers")) {
      vars["show_pre"] = true;
      vars["pre"] = tab == "headers" ? content.headers : email ? content.text : content.sms;
    }
    if (tab == "timeline")
      vars["timeline"] = timeline_html(message_log.get_timeline(pc.store.id, row->seq));
    return render_page(pc, (email ? "Email " : "SMS ") + row->id, email ? "email" : "sms", kMessage,
                       vars);
  });
  add_page(router, ctx, http::bhttp::verb::get, "/ui/messages/{id}/body", [](PageCtx& pc) {
    auto& message_log = pc.ui.log;
    auto row = message_log.get_message(pc.store.id, pc.req.param("id"));
    if (!row) throw not_found("message '" + pc.req.param("id") + "'");
    return sandboxed_body(*row, message_log.get_content(pc.store.id, row->seq));
  });
  add_async_page(router, ctx, http::bhttp::verb::post, "/ui/messages/{id}/resend",
                 [](PageCtx& pc, http::Respond respond) {
                   pc.ui.intake.resend(pc.store, pc.req.param("id"),
                                       [respond, meta = pc.req.summary()](std::exception_ptr e,
                                                                          std::string new_id) {
                                         if (e) return respond(error_page(e, meta));
                                         respond(redirect("/ui/messages/" + new_id + "?resent=1"));
                                       });
                 });
}

}  // namespace herald::ui
