// Opens and clicks (contract §6): GET /t/o/{token} answers a 1x1 image, GET /t/c/{token}
// redirects to the link. A token that does not verify is a 404, never a redirect.
#include "api/routes.h"
#include "common/error.h"
#include "feedback/report_sources.h"
#include "tracking/tracking_token.h"

namespace herald::api {

namespace {
// The smallest transparent GIF.
constexpr unsigned char kPixel[] = {
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00,
    0x00, 0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b};

// A token for a message that is gone (retention) still answers; it just records nothing.
void record(ApiContext& ctx, const tracking::TokenPayload& t, const std::string& type) {
  ctx.reports.report(feedback::tracking_report(t.herald_id, type, t.url));
}

tracking::TokenPayload verified(ApiContext& ctx, const std::string& token,
                                tracking::TokenPayload::Kind kind) {
  auto payload = tracking::read_token(ctx.tracking_secret, token);
  if (!payload || payload->kind != kind) throw not_found("link");
  return *payload;
}
}  // namespace

void add_tracking_routes(http::Router& router, ApiContext& ctx) {
  router.add(http::bhttp::verb::get, "/t/o/{token}",
             [&ctx](http::Request& req, http::Respond respond) {
               auto t = verified(ctx, req.param("token"), tracking::TokenPayload::Kind::open);
               record(ctx, t, "opened");
               auto res = http::text_response(
                   http::bhttp::status::ok,
                   std::string(reinterpret_cast<const char*>(kPixel), sizeof kPixel), "image/gif");
               res.set(http::bhttp::field::cache_control, "no-store, max-age=0");
               respond(std::move(res));
             });
  router.add(http::bhttp::verb::get, "/t/c/{token}",
             [&ctx](http::Request& req, http::Respond respond) {
               auto t = verified(ctx, req.param("token"), tracking::TokenPayload::Kind::click);
               record(ctx, t, "clicked");
               auto res = http::text_response(http::bhttp::status::found, "", "text/plain");
               res.set(http::bhttp::field::location, t.url);
               res.set(http::bhttp::field::cache_control, "no-store");
               respond(std::move(res));
             });
}

}  // namespace herald::api
