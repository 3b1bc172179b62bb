// GET/PATCH /v1/store: the calling store's settings (Herald extension of the contract).
#include <regex>

#include "api/auth.h"
#include "api/json_views.h"
#include "api/request_json.h"
#include "api/routes.h"
#include "common/error.h"

namespace herald::api {

namespace {
store::StoreSettings apply_patch(store::StoreSettings s, const nlohmann::json& j) {
  s.name = string_field(j, "name", s.name);
  s.default_country = string_field(j, "default_country", s.default_country);
  static const std::regex kCountry("[A-Z]{2}");
  if (!std::regex_match(s.default_country, kCountry))
    throw bad_request("default_country must be an ISO 3166 code like NO", "default_country");
  s.default_locale = string_field(j, "default_locale", s.default_locale);
  if (s.default_locale.empty())
    throw bad_request("default_locale must not be empty", "default_locale");
  s.owner_email = string_field(j, "owner_email", s.owner_email);
  s.logging = bool_field(j, "logging", s.logging);
  s.tracking = bool_field(j, "tracking", s.tracking);
  s.content_days = int_field(j, "content_days", s.content_days, 1, 36500);
  s.metadata_days = int_field(j, "metadata_days", s.metadata_days, 1, 36500);
  if (s.metadata_days < s.content_days)
    throw bad_request("metadata_days must be at least content_days", "metadata_days");
  return s;
}
}  // namespace

void add_store_routes(http::Router& router, ApiContext& ctx) {
  router.add(http::bhttp::verb::get, "/v1/store",
             [&ctx](http::Request& req, http::Respond respond) {
               respond(http::json_response(http::bhttp::status::ok,
                                           settings_json(ctx.keys.authenticate(req))));
             });
  router.add(http::bhttp::verb::patch, "/v1/store",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               store.settings = apply_patch(store.settings, parse_body_object(req.body()));
               ctx.tenants.update_store_settings(store.id, store.settings);
               ctx.keys.forget(store.id);
               respond(http::json_response(http::bhttp::status::ok, settings_json(store)));
             });
}

}  // namespace herald::api
