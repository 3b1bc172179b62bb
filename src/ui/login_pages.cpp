// Login, logout and the store selector.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>

#include "render/renderer.h"
#include "ui/login_throttle.h"
#include "ui/page.h"
#include "ui/session.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
constexpr const char* kLogin = R"html(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Log in · Herald</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/ui/static/app.css"></head>
<body class="login"><main>
<h1>Herald</h1>
{{#error}}<p class="error" role="alert">{{error}}</p>{{/error}}
<form method="post" action="/ui/login" class="card">
  <input type="hidden" name="next" value="{{next}}">
  <label>Email <input type="email" name="email" value="{{email}}" autocomplete="username" required autofocus></label>
  <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
  <button type="submit">Log in</button>
</form>
</main></body></html>
)html";

// What a client typed, safe to put in one log line.
std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s.substr(0, 200))
    out += c < 0x20 || c == 0x7f ? '?' : static_cast<char>(c);
  return out;
}

// Only paths inside the pages: never a redirect to another site.
std::string safe_next(const std::string& next) {
  if (next.rfind("/ui", 0) == 0 && next.find("//") == std::string::npos &&
      next.find('\\') == std::string::npos)
    return next;
  return "/ui";
}

http::Response login_form(const std::string& next, const std::string& email,
                          const std::string& error, http::bhttp::status status) {
  nlohmann::json vars = {{"next", next}, {"email", email}, {"error", opt(error)}};
  return html_response(status, render::render(kLogin, vars, render::Escape::html));
}
}  // namespace

void add_login_routes(http::Router& router, UiContext& ctx) {
  auto throttle = std::make_shared<LoginThrottle>(ctx.clock);
  router.add(http::bhttp::verb::get, "/ui/login", [](http::Request& req, http::Respond respond) {
    respond(login_form(safe_next(req.query_value("next")), "", "", http::bhttp::status::ok));
  });
  // The login form carries no CSRF token (there is no session yet); SameSite=Strict on the
  // cookie and the Origin check below keep other sites from logging a browser in.
  router.add(
      http::bhttp::verb::post, "/ui/login",
      [&ctx, throttle](http::Request& req, http::Respond respond) {
        auto form = http::parse_query(req.body());
        const auto next = safe_next(form["next"]);
        const auto origin = req.header(http::bhttp::field::origin);
        const auto host = req.header(http::bhttp::field::host);
        if (!origin.empty() && origin != "null" &&
            origin.substr(origin.find("://") == std::string::npos ? 0 : origin.find("://") + 3) !=
                host)
          return respond(login_form(next, form["email"], "Login refused: cross-site request.",
                                    http::bhttp::status::forbidden));
        if (auto wait = throttle->refused_for(form["email"])) {
          const auto minutes = std::to_string(*wait / 60000 + 1);
          return respond(login_form(
              next, form["email"],
              "Too many wrong passwords for this account. Try again in " + minutes + " minutes.",
              http::bhttp::status::too_many_requests));
        }
        auto user = check_login(ctx.ui, form["email"], form["password"]);
        if (!user) {
          throttle->failed(form["email"]);
          spdlog::warn("ui: failed login for '{}'", printable(form["email"]));
          return respond(login_form(next, form["email"],
                                    "Wrong email or password. Please try again.",
                                    http::bhttp::status::unauthorized));
        }
        throttle->succeeded(form["email"]);
        auto session = make_session(*user, ctx.clock.now_ms());
        ctx.ui.create_session(session.record);
        auto res = redirect(next);
        res.set(http::bhttp::field::set_cookie,
                session_cookie(session.token, kSessionLifetimeMs, ctx.secure_cookies));
        respond(std::move(res));
      });
  router.add(http::bhttp::verb::post, "/ui/logout",
             [&ctx](http::Request& req, http::Respond respond) {
               auto session = current_session(ctx.ui, req, ctx.clock.now_ms());
               auto form = http::parse_query(req.body());
               if (session && csrf_ok(*session, form)) ctx.ui.delete_session(session->token_hash);
               auto res = redirect("/ui/login");
               res.set(http::bhttp::field::set_cookie, session_cookie("", 0, ctx.secure_cookies));
               respond(std::move(res));
             });
  add_page(router, ctx, http::bhttp::verb::post, "/ui/store", [](PageCtx& pc) {
    store::StoreId id = 0;
    try {
      id = std::stoll(pc.form["store"]);
    } catch (const std::exception&) {
    }
    for (const auto& s : pc.stores)
      if (s.id == id) pc.ui.ui.set_session_store(pc.session.token_hash, id);
    // Back to the same list (without its filters, which name the other store's data).
    auto back = pc.req.header(http::bhttp::field::referer);
    auto at = back.find("/ui/");
    if (at == std::string::npos) return redirect("/ui");
    auto path = back.substr(at, back.find_first_of("?#", at) - at);
    if (std::count(path.begin(), path.end(), '/') > 2) return redirect("/ui");
    return redirect(safe_next(path));
  });
}

}  // namespace herald::ui
