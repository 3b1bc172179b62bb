#include "http/router.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace herald::http {
namespace {

Response call(const Router& router, bhttp::verb method, const std::string& path) {
  Request req;
  req.raw.method(method);
  req.path = path;
  Response out;
  router.dispatch(req, [&](Response r) { out = std::move(r); });
  return out;
}

TEST(Router, MatchesPatternsAndDecodesParameters) {
  Router r;
  std::string seen;
  r.add(bhttp::verb::get, "/v1/messages/{id}", [&](Request& req, Respond respond) {
    seen = req.param("id");
    respond(json_response(bhttp::status::ok, {}));
  });
  EXPECT_EQ(call(r, bhttp::verb::get, "/v1/messages/A%20B").result(), bhttp::status::ok);
  EXPECT_EQ(seen, "A B");
  EXPECT_EQ(call(r, bhttp::verb::get, "/v1/messages").result(), bhttp::status::not_found);
  EXPECT_EQ(call(r, bhttp::verb::delete_, "/v1/messages/x").result(),
            bhttp::status::method_not_allowed);
}

TEST(Router, ErrorsBecomeJsonWithTheFieldAndNoInternals) {
  Router r;
  r.add(bhttp::verb::post, "/bad",
        [](Request&, Respond) { throw bad_request("nope", "order.id"); });
  r.add(bhttp::verb::post, "/boom",
        [](Request&, Respond) { throw internal_error("SELECT secret FROM table"); });
  auto bad = call(r, bhttp::verb::post, "/bad");
  EXPECT_EQ(bad.result(), bhttp::status::bad_request);
  auto body = nlohmann::json::parse(bad.body());
  EXPECT_EQ(body["error"], "nope");
  EXPECT_EQ(body["field"], "order.id");
  auto boom = call(r, bhttp::verb::post, "/boom");
  EXPECT_EQ(boom.result(), bhttp::status::internal_server_error);
  EXPECT_EQ(boom.body().find("secret"), std::string::npos);
}

TEST(Query, DecodesPercentAndPlus) {
  auto q = parse_query("number=%2B47+900+00+000&subject=p%C3%A5%20vei&flag");
  EXPECT_EQ(q["number"], "+47 900 00 000");
  EXPECT_EQ(q["subject"], "på vei");
  EXPECT_EQ(q.count("flag"), 1u);
}

TEST(Router, NeverSendsAHeaderValueHoldingCrLfOrNul) {
  Router r;
  r.add(bhttp::verb::get, "/go", [](Request&, Respond respond) {
    auto res = text_response(bhttp::status::see_other, "", "text/plain");
    res.set(bhttp::field::location, "/ui\r\nSet-Cookie: evil=1");
    res.insert(bhttp::field::set_cookie, "good=1");
    res.insert(bhttp::field::set_cookie, std::string("bad=1\0x", 7));
    res.set("X-Line", "a\nb");
    respond(std::move(res));
  });
  auto res = call(r, bhttp::verb::get, "/go");
  EXPECT_EQ(res.result(), bhttp::status::see_other);
  EXPECT_EQ(res.find(bhttp::field::location), res.end());
  EXPECT_EQ(res.find("X-Line"), res.end());
  EXPECT_EQ(res.count(bhttp::field::set_cookie), 1u);
  EXPECT_EQ(res[bhttp::field::set_cookie], "good=1");
  EXPECT_EQ(res[bhttp::field::content_type], "text/plain");
}

}  // namespace
}  // namespace herald::http
