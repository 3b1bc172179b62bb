// The page frame end to end through the router: login, session cookie, CSRF, escaping.
#include "ui/pages_fixture.h"

namespace herald::ui {
namespace {

TEST_F(PagesTest, CookiesAreParsed) {
  auto c = parse_cookies("a=1; herald_session=abc ;b=x=y");
  EXPECT_EQ(c["a"], "1");
  EXPECT_EQ(c["herald_session"], "abc");
  EXPECT_EQ(c["b"], "x=y");
}

TEST_F(PagesTest, WithoutASessionPagesRedirectToTheLogin) {
  auto r = call(http::bhttp::verb::get, "/ui/sms?number=1", "", false);
  EXPECT_EQ(r.result(), http::bhttp::status::see_other);
  EXPECT_EQ(std::string(r[http::bhttp::field::location]),
            "/ui/login?next=%2Fui%2Fsms%3Fnumber%3D1");
}

TEST_F(PagesTest, LoginRefusesAWrongPasswordAndSetsAStrictCookieOtherwise) {
  auto bad =
      call(http::bhttp::verb::post, "/ui/login", "email=admin%40example.com&password=nope", false);
  EXPECT_EQ(bad.result(), http::bhttp::status::unauthorized);
  EXPECT_NE(bad.body().find("Wrong email or password"), std::string::npos);
  auto unknown =
      call(http::bhttp::verb::post, "/ui/login", "email=who%40example.com&password=nope", false);
  // No user enumeration: the same status and message (only the typed email is echoed).
  EXPECT_EQ(unknown.result(), bad.result());
  EXPECT_NE(unknown.body().find("Wrong email or password"), std::string::npos);
  auto good = call(http::bhttp::verb::post, "/ui/login",
                   "email=Admin%40example.com&password=pw-123456&next=%2Fui%2Femail", false);
  EXPECT_EQ(good.result(), http::bhttp::status::see_other);
  EXPECT_EQ(std::string(good[http::bhttp::field::location]), "/ui/email");
  const std::string cookie(good[http::bhttp::field::set_cookie]);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // public_url is http here
}

TEST_F(PagesTest, LoginNeverRedirectsOffSite) {
  auto r =
      call(http::bhttp::verb::post, "/ui/login",
           "email=admin%40example.com&password=pw-123456&next=https%3A%2F%2Fevil.example", false);
  EXPECT_EQ(std::string(r[http::bhttp::field::location]), "/ui");
}

TEST_F(PagesTest, APostWithoutTheCsrfTokenIsRefused) {
  auto r = call(http::bhttp::verb::post, "/ui/suppressions", "address=x%40y.no");
  EXPECT_EQ(r.result(), http::bhttp::status::unauthorized);
  EXPECT_TRUE(storage->list_suppressions(shop.id, "", 2, 10, 0).empty());
  auto wrong = call(http::bhttp::verb::post, "/ui/suppressions",
                    "address=x%40y.no&csrf=" + std::string(64, 'a'));
  EXPECT_EQ(wrong.result(), http::bhttp::status::unauthorized);
  auto ok = call(http::bhttp::verb::post, "/ui/suppressions", "address=x%40y.no&csrf=" + csrf);
  EXPECT_EQ(ok.result(), http::bhttp::status::ok);
  EXPECT_EQ(storage->list_suppressions(shop.id, "", 2, 10, 0).size(), 1u);
}

TEST_F(PagesTest, AnExpiredSessionNoLongerCounts) {
  clock.advance_ms(kSessionLifetimeMs + 1);
  EXPECT_EQ(call(http::bhttp::verb::get, "/ui").result(), http::bhttp::status::see_other);
}

TEST_F(PagesTest, TheLogEscapesASubjectWithScript) {
  store::NewEvent e;
  e.store_id = shop.id;
  store::NewMessage m;
  m.public_id = "01TESTMESSAGE0000000000000";
  m.type = "newsletter";
  m.to = {"a@b.no"};
  m.search_addresses = {"a@b.no"};
  m.subject = "<script>alert(1)</script> Sale";
  e.messages.push_back(m);
  storage->accept_events({e}, clock.now_ms());
  auto r = call(http::bhttp::verb::get, "/ui/email");
  ASSERT_EQ(r.result(), http::bhttp::status::ok);
  EXPECT_NE(r.body().find("&lt;script&gt;alert(1)&lt;/script&gt; Sale"), std::string::npos);
  EXPECT_EQ(r.body().find("<script>alert"), std::string::npos);
  EXPECT_NE(std::string(r["Content-Security-Policy"]).find("default-src 'self'"),
            std::string::npos);
}

TEST_F(PagesTest, TheMailBodyIsServedSandboxed) {
  store::NewEvent e;
  e.store_id = shop.id;
  store::NewMessage m;
  m.public_id = "01TESTMESSAGE0000000000001";
  m.type = "newsletter";
  m.to = {"a@b.no"};
  m.search_addresses = {"a@b.no"};
  m.html = "<script>x()</script><img src=http://remote.example/p.png>";
  e.messages.push_back(m);
  storage->accept_events({e}, clock.now_ms());
  auto r = call(http::bhttp::verb::get, "/ui/messages/01TESTMESSAGE0000000000001/body");
  ASSERT_EQ(r.result(), http::bhttp::status::ok);
  const std::string csp(r["Content-Security-Policy"]);
  EXPECT_NE(csp.find("sandbox"), std::string::npos);
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("img-src data:"), std::string::npos);
  auto page = call(http::bhttp::verb::get, "/ui/messages/01TESTMESSAGE0000000000001");
  EXPECT_NE(page.body().find("<iframe class=\"mail\""), std::string::npos);
  EXPECT_EQ(page.body().find("allow-scripts"), std::string::npos);
}

}  // namespace
}  // namespace herald::ui
