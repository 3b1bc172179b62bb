#pragma once
// A page test's world: a store on SQLite, an admin with a session, and every /ui route on a
// router called directly (no sockets).
#include <gtest/gtest.h>

#include <future>
#include <memory>

#include "api/api_context.h"
#include "store/open_storage.h"
#include "support/temp_dir.h"
#include "ui/password.h"
#include "ui/session.h"
#include "ui/ui_routes.h"

namespace herald::ui {

struct PagesTest : ::testing::Test {
  herald::testing::TempDir dir;
  std::string url = "sqlite://" + dir.file("h.db");
  config::Config cfg;
  store::Storages opened = store::open_storage(url);
  store::Storage* storage = &opened.storage();
  store::UiStorage* ui = &opened.ui();
  ManualClock clock{1'800'000'000'000};
  Metrics metrics;
  intake::IntakeService intake{
      {*storage, *storage, *storage, *storage, opened.orders()}, clock, "shop@example.com", [] {}};
  tenants::KeyCache keys{*storage, clock};
  feedback::ReportService reports{*storage, *storage, clock};
  api::ApiContext api{.config = cfg,
                      .tenants = *storage,
                      .templates = *storage,
                      .log = *storage,
                      .report_storage = *storage,
                      .suppressions = *storage,
                      .health = *storage,
                      .intake = intake,
                      .metrics = metrics,
                      .clock = clock,
                      .keys = keys,
                      .reports = reports,
                      .tracking_secret = "secret",
                      .orders = opened.orders(),
                      .wake_campaigns = [] {},
                      .stock = opened.stock()};
  UiContext ctx{cfg, *storage, *storage, *storage, *storage, api.orders,
                *ui, intake,   clock,    keys,     "secret", false};
  http::Router router;
  store::StoreRecord shop = storage->create_store("shop", "hash", "", {}, 1);
  std::string token, csrf;

  void SetUp() override {
    add_ui_routes(router, ctx);
    auto user = ui->create_user("admin@example.com", hash_password("pw-123456", 1000), 1);
    auto s = make_session(user, clock.now_ms());
    ui->create_session(s.record);
    token = s.token;
    csrf = s.record.csrf_token;
  }

  http::Response call(http::bhttp::verb method, const std::string& target,
                      const std::string& body = "", bool with_cookie = true) {
    http::Request req;
    req.raw.method(method);
    req.raw.target(target);
    auto q = target.find('?');
    req.path = target.substr(0, q);
    if (q != std::string::npos) req.query = http::parse_query(target.substr(q + 1));
    if (with_cookie) req.raw.set(http::bhttp::field::cookie, "a=b; herald_session=" + token);
    req.raw.body() = body;
    // The login answers from its password-check thread: wait for the one answer.
    auto answer = std::make_shared<std::promise<http::Response>>();
    auto out = answer->get_future();
    router.dispatch(req, [answer](http::Response r) { answer->set_value(std::move(r)); });
    return out.get();
  }

  http::Response get(const std::string& target) { return call(http::bhttp::verb::get, target); }
  // A form POST with the session's CSRF token; `body` is urlencoded fields.
  http::Response post(const std::string& target, const std::string& body) {
    return call(http::bhttp::verb::post, target, "csrf=" + csrf + (body.empty() ? "" : "&" + body));
  }
};

}  // namespace herald::ui
