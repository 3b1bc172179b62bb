#include "ui/page.h"

#include <algorithm>
#include <ctime>

#include "common/error.h"
#include "http/error_mapping.h"
#include "render/renderer.h"
#include "ui/session.h"

namespace herald::ui {

namespace {
constexpr const char* kLayout = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} · Herald</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/ui/static/app.css">
<script src="/ui/static/app.js" defer></script>
</head><body>
<header class="top">
  <a class="brand" href="/ui">Herald</a>
  <nav>{{#nav}}<a href="{{href}}"{{#active}} class="active" aria-current="page"{{/active}}>{{label}}</a>{{/nav}}</nav>
  <div class="who">
    <form method="post" action="/ui/store" class="store-select">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <label>Store <select name="store" data-autosubmit>{{#stores}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/stores}}</select></label>
      <noscript><button>Switch</button></noscript>
    </form>
    <form method="post" action="/ui/logout"><input type="hidden" name="csrf" value="{{csrf}}"><button class="link">Log out {{user}}</button></form>
  </div>
</header>
<main>
<h1>{{title}}</h1>
{{{body}}}
</main>
</body></html>
)html";

// The navigation, in the order shown; a page names its entry by key (render_page's `nav`). A new
// section is one line here.
struct NavEntry {
  const char* key;
  const char* label;
  const char* href;
};
constexpr NavEntry kNav[] = {
    {"dashboard", "Dashboard", "/ui"},
    {"sms", "SMS log", "/ui/sms"},
    {"email", "Email log", "/ui/email"},
    {"failures", "Failures", "/ui/failures"},
    {"orders", "Orders", "/ui/orders"},
    {"templates", "Templates", "/ui/templates"},
    {"order-statuses", "Order statuses", "/ui/order-statuses"},
    {"campaigns", "Campaigns", "/ui/campaigns"},
    {"suppressions", "Suppressions", "/ui/suppressions"},
    {"oms", "OMS", "/ui/oms"},
    {"settings", "Settings", "/ui/settings"},
};

// The store switcher lists the stores by slug.
std::vector<store::StoreRecord> stores_by_slug(store::TenantStorage& tenants) {
  auto stores = tenants.list_stores();
  std::sort(stores.begin(), stores.end(),
            [](const auto& a, const auto& b) { return a.slug < b.slug; });
  return stores;
}

}  // namespace

http::Response error_page(std::exception_ptr error, const http::Request& req) {
  // The status comes from the one error mapping; the page shows the same public message.
  auto json = http::error_response(error, req);
  std::string message = "Something went wrong.";
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::internal) message = e.what();
  } catch (...) {
  }
  std::string body =
      "<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\">"
      "<link rel=stylesheet href=/ui/static/app.css><main><h1>" +
      html_escape(message) + "</h1><p><a href=\"/ui\">Back to Herald</a></p></main>";
  return html_response(json.result(), body);
}

void add_async_page(http::Router& router, UiContext& ctx, http::bhttp::verb method,
                    const std::string& pattern, AsyncPageFn fn) {
  router.add(method, pattern, [&ctx, fn, method](http::Request& req, http::Respond respond) {
    try {
      const TimeMs now = ctx.clock.now_ms();
      auto session = current_session(ctx.ui, req, now);
      if (!session) {
        if (method == http::bhttp::verb::get)
          return respond(
              redirect("/ui/login?next=" + http::url_encode(std::string(req.raw.target()))));
        return respond(redirect("/ui/login"));
      }
      PageCtx pc{ctx, req, *session, {}, stores_by_slug(ctx.tenants), {}, now};
      if (method == http::bhttp::verb::post) {
        pc.form = http::parse_query(req.body());
        if (!csrf_ok(*session, pc.form))
          throw Error(ErrorCode::unauthorized,
                      "This form has expired or did not come from Herald (missing CSRF "
                      "token). Reload the page and try again.");
      }
      auto chosen = std::find_if(pc.stores.begin(), pc.stores.end(),
                                 [&](const auto& s) { return s.id == session->store_id; });
      if (chosen == pc.stores.end() && !pc.stores.empty()) chosen = pc.stores.begin();
      if (chosen != pc.stores.end()) {
        auto full = ctx.tenants.find_store(chosen->id);
        if (full) pc.store = *full;
      }
      if (pc.store.id == 0)
        throw Error(ErrorCode::not_found,
                    "No store yet: create one with `herald store add SLUG`, then reload.");
      fn(pc, respond);
    } catch (...) {
      respond(error_page(std::current_exception(), req));
    }
  });
}

void add_page(http::Router& router, UiContext& ctx, http::bhttp::verb method,
              const std::string& pattern, PageFn fn) {
  add_async_page(router, ctx, method, pattern,
                 [fn](PageCtx& pc, http::Respond respond) { respond(fn(pc)); });
}

http::Response render_page(const PageCtx& pc, const std::string& title, const std::string& nav,
                           const std::string& body_template, nlohmann::json vars,
                           http::bhttp::status status) {
  vars["csrf"] = pc.session.csrf_token;
  vars["store_slug"] = pc.store.slug;
  nlohmann::json layout = {{"title", title},
                           {"csrf", pc.session.csrf_token},
                           {"user", pc.session.user_email},
                           {"nav", nlohmann::json::array()},
                           {"stores", nlohmann::json::array()}};
  for (const auto& e : kNav)
    layout["nav"].push_back({{"href", e.href}, {"label", e.label}, {"active", e.key == nav}});
  for (const auto& s : pc.stores)
    layout["stores"].push_back({{"id", s.id},
                                {"name", s.settings.name.empty() ? s.slug : s.settings.name},
                                {"selected", s.id == pc.store.id}});
  layout["body"] = render::render(body_template, vars, render::Escape::html);
  return html_response(status, render::render(kLayout, layout, render::Escape::html));
}

http::Response html_response(http::bhttp::status status, std::string body) {
  auto res = http::text_response(status, std::move(body), "text/html; charset=utf-8");
  res.set(http::bhttp::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "same-origin");
  res.set("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; frame-src 'self'; object-src 'none'; "
          "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  return res;
}

http::Response redirect(const std::string& location) {
  auto res = http::text_response(http::bhttp::status::see_other, "", "text/plain");
  res.set(http::bhttp::field::location, location);
  res.set(http::bhttp::field::cache_control, "no-store");
  return res;
}

nlohmann::json opt(const std::string& s) {
  return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s);
}

std::string format_time(TimeMs t) {
  auto s = format_rfc3339(t);  // 2026-11-23T11:30:05.123Z
  if (s.size() >= 19) return s.substr(0, 10) + " " + s.substr(11, 8);
  return s;
}

std::optional<TimeMs> parse_day(const std::string& s, bool end_of_day) {
  auto t = parse_rfc3339(s + "T00:00:00Z");
  if (!t || s.size() != 10) return std::nullopt;
  return end_of_day ? *t + 86'400'000 - 1 : *t;
}

std::string status_class(domain::MessageStatus s) {
  using S = domain::MessageStatus;
  switch (s) {
    case S::delivered:
    case S::opened:
    case S::clicked:
      return "ok";
    case S::sent:
    case S::queued:
      return "pending";
    case S::deferred:
      return "warn";
    case S::suppressed:
      return "muted";
    default:
      return "bad";
  }
}

nlohmann::json message_view_json(const store::MessageRow& m) {
  std::string to;
  for (const auto& a : m.to) to += (to.empty() ? "" : ", ") + a;
  return {{"id", m.id},
          {"seq", m.seq},
          {"channel", domain::to_string(m.channel)},
          {"type", m.type},
          {"order_id", opt(m.order_id)},
          {"customer_id", opt(m.customer_id)},
          {"cart_id", opt(m.cart_id)},
          {"from", m.from},
          {"to", to},
          {"subject", m.subject},
          {"status", domain::to_string(m.status)},
          {"status_class", status_class(m.status)},
          {"fail_count", m.fail_count},
          {"failed", m.fail_count > 0},
          {"created_at", format_time(m.created_at)},
          {"resent_from", opt(m.resent_from)}};
}

std::string query_string(const std::map<std::string, std::string>& values) {
  std::string out;
  for (const auto& [k, v] : values) {
    if (v.empty()) continue;
    out += (out.empty() ? "?" : "&") + http::url_encode(k) + "=" + http::url_encode(v);
  }
  return out;
}

}  // namespace herald::ui
