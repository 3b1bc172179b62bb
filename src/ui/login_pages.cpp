// Login, logout and the store selector.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>

#include "common/bounded_pool.h"
#include "http/error_mapping.h"
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

bool is_control(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Control characters, raw or percent-encoded: a later decoding must not turn the path into
// something that ends a header line.
bool has_control(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_control(static_cast<unsigned char>(s[i]))) return true;
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0 &&
        is_control(static_cast<unsigned char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]))))
      return true;
  }
  return false;
}

// Only paths inside the pages: never a redirect to another site, never a control character.
std::string safe_next(const std::string& next) {
  if (next.rfind("/ui", 0) == 0 && next.find("//") == std::string::npos &&
      next.find('\\') == std::string::npos && !has_control(next))
    return next;
  return "/ui";
}

std::string minutes(TimeMs wait_ms) {
  return std::to_string(wait_ms / 60000 + 1);
}

http::Response login_form(const std::string& next, const std::string& email,
                          const std::string& error, http::bhttp::status status) {
  nlohmann::json vars = {{"next", next}, {"email", email}, {"error", opt(error)}};
  return html_response(status, render::render(kLogin, vars, render::Escape::html));
}
}  // namespace

void add_login_routes(http::Router& router, UiContext& ctx) {
  auto throttle = std::make_shared<LoginThrottle>(ctx.clock);
  // PBKDF2 is slow on purpose; on the HTTP threads a few clients posting passwords would hold
  // up every API call. The handlers answer through a callback that may be called from any
  // thread, so the check runs on this pool and the HTTP thread goes back to other requests.
  auto pool = std::make_shared<BoundedPool>("login", ctx.config.server.login_workers,
                                            ctx.config.server.login_queue);
  router.add(http::bhttp::verb::get, "/ui/login", [](http::Request& req, http::Respond respond) {
    respond(login_form(safe_next(req.query_value("next")), "", "", http::bhttp::status::ok));
  });
  // The login form carries no CSRF token (there is no session yet); SameSite=Strict on the
  // cookie and the Origin check below keep other sites from logging a browser in.
  // The pool's jobs outlive this function and may outlive `ctx` at shutdown: they hold only
  // what lives longer than the router (the storage, the clock) and the shared throttle.
  router.add(
      http::bhttp::verb::post, "/ui/login",
      [&ui = ctx.ui, &clock = ctx.clock, secure = ctx.secure_cookies, throttle, pool](
          http::Request& req, http::Respond respond) {
        auto form = http::parse_query(req.body());
        const auto next = safe_next(form["next"]);
        const auto email = LoginThrottle::account_key(form["email"]);
        const auto origin = req.header(http::bhttp::field::origin);
        const auto host = req.header(http::bhttp::field::host);
        if (!origin.empty() && origin != "null" &&
            origin.substr(origin.find("://") == std::string::npos ? 0 : origin.find("://") + 3) !=
                host)
          return respond(login_form(next, form["email"], "Login refused: cross-site request.",
                                    http::bhttp::status::forbidden));
        if (auto refusal = throttle->refused(email, req.remote)) {
          const bool account = refusal->reason == LoginThrottle::Reason::account;
          return respond(
              login_form(next, form["email"],
                         std::string(account ? "Too many wrong passwords for this account."
                                             : "Too many wrong passwords from this address.") +
                             " Try again in " + minutes(refusal->wait_ms) + " minutes.",
                         http::bhttp::status::too_many_requests));
        }
        auto job = [&ui, &clock, secure, throttle, respond, next, email, shown = form["email"],
                    password = form["password"], remote = req.remote, summary = req.summary()]() {
          try {
            auto user = check_login(ui, email, password);
            if (!user) {
              throttle->failed(email, remote);
              spdlog::warn("ui: failed login for '{}' from {}", printable(email), remote);
              return respond(login_form(next, shown, "Wrong email or password. Please try again.",
                                        http::bhttp::status::unauthorized));
            }
            throttle->succeeded(email);
            auto session = make_session(*user, clock.now_ms());
            ui.create_session(session.record);
            auto res = redirect(next);
            res.set(http::bhttp::field::set_cookie,
                    session_cookie(session.token, kSessionLifetimeMs, secure));
            respond(std::move(res));
          } catch (...) {
            respond(http::error_response(std::current_exception(), summary));
          }
        };
        if (!pool->try_submit(std::move(job))) {
          spdlog::warn("ui: login refused, every password check is busy or waiting");
          auto res = login_form(next, form["email"],
                                "Too many logins at once. Please try again in a moment.",
                                http::bhttp::status::service_unavailable);
          res.set(http::bhttp::field::retry_after, "1");
          respond(std::move(res));
        }
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
