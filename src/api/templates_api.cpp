// PUT/GET /v1/templates/{key} (contract §4).
#include <regex>

#include "api/auth.h"
#include "api/json_views.h"
#include "api/request_json.h"
#include "api/routes.h"
#include "common/error.h"
#include "render/renderer.h"

namespace herald::api {

namespace {
void check_key(const std::string& key) {
  static const std::regex kKey("[A-Za-z0-9_.-]{1,100}");
  if (!std::regex_match(key, kKey))
    throw bad_request("template key must be 1-100 letters, digits, '_', '-' or '.'", "key");
}

store::TemplateRecord parse_template(const std::string& key, const std::string& body,
                                     const store::StoreRecord& store, TimeMs now) {
  auto j = parse_body_object(body);
  store::TemplateRecord t;
  t.key = key;
  auto channel = domain::parse_channel(string_field(j, "channel"));
  if (!channel) throw bad_request("channel must be \"email\" or \"sms\"", "channel");
  t.channel = *channel;
  t.locale = string_field(j, "locale", store.settings.default_locale);
  static const std::regex kLocale("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");
  if (!std::regex_match(t.locale, kLocale))
    throw bad_request("locale must look like nb-NO, nb or pt-BR", "locale");
  t.subject = string_field(j, "subject");
  t.html = string_field(j, "html");
  t.text = string_field(j, "text");
  t.sms = string_field(j, "sms");
  if (t.channel == domain::Channel::email) {
    if (t.subject.empty()) throw bad_request("an email template needs a subject", "subject");
    if (t.html.empty() && t.text.empty())
      throw bad_request("an email template needs html or text", "html");
  } else if (t.sms.empty()) {
    throw bad_request("an SMS template needs sms", "sms");
  }
  // Refused now (over a limit, or not parsing) rather than failing at send time.
  render::check_template(t.subject, "subject");
  render::check_template(t.html, "html");
  render::check_template(t.text, "text");
  render::check_template(t.sms, "sms");
  t.updated_at = now;
  return t;
}
}  // namespace

void add_template_routes(http::Router& router, ApiContext& ctx) {
  router.add(http::bhttp::verb::put, "/v1/templates/{key}",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               const auto key = req.param("key");
               check_key(key);
               auto t = parse_template(key, req.body(), store, ctx.clock.now_ms());
               ctx.intake.put_template(store.id, t);
               respond(http::json_response(http::bhttp::status::ok, to_json(t)));
             });
  router.add(
      http::bhttp::verb::get, "/v1/templates/{key}",
      [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        const auto key = req.param("key");
        check_key(key);
        auto all = ctx.templates.list_templates(store.id, key);
        if (all.empty()) throw not_found("template '" + key + "'");
        nlohmann::json items = nlohmann::json::array();
        for (const auto& t : all) items.push_back(to_json(t));
        respond(http::json_response(http::bhttp::status::ok, {{"key", key}, {"templates", items}}));
      });
}

}  // namespace herald::api
