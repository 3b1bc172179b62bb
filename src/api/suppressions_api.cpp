// GET/POST/DELETE /v1/suppressions (contract §6): addresses that are not sent to.
#include "api/json_views.h"
#include "api/request_json.h"
#include "api/routes.h"
#include "common/error.h"
#include "domain/address.h"

namespace herald::api {

namespace {
using nlohmann::json;

json to_json(const store::Suppression& s) {
  return {{"address", s.address},
          {"channel", domain::to_string(s.channel)},
          {"reason", s.reason},
          {"description", domain::describe_reason(s.reason)},
          {"detail", s.detail},
          {"source_message", s.source_message.empty() ? json(nullptr) : json(s.source_message)},
          {"created_at", format_rfc3339(s.created_at)},
          {"expires_at", s.expires_at == 0 ? json(nullptr) : json(format_rfc3339(s.expires_at))}};
}

// The channel given, or the one the address's shape says; the address in normalized form.
std::pair<domain::Channel, std::string> address_of(const std::string& address,
                                                   const std::string& channel_text,
                                                   const store::StoreRecord& store) {
  if (address.empty()) throw bad_request("address is required", "address");
  domain::Channel channel =
      address.find('@') != std::string::npos ? domain::Channel::email : domain::Channel::sms;
  if (!channel_text.empty()) {
    auto c = domain::parse_channel(channel_text);
    if (!c) throw bad_request("channel must be email or sms", "channel");
    channel = *c;
  }
  auto normalized = channel == domain::Channel::email
                        ? domain::normalize_email(address)
                        : domain::normalize_phone(address, store.settings.default_country);
  if (!normalized) throw bad_request("'" + address + "' is not a valid address", "address");
  return {channel, *normalized};
}
}  // namespace

void add_suppression_routes(http::Router& router, ApiContext& ctx) {
  router.add(
      http::bhttp::verb::get, "/v1/suppressions",
      [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        std::string address;
        if (!req.query_value("address").empty())
          address =
              address_of(req.query_value("address"), req.query_value("channel"), store).second;
        int limit = 100, offset = 0;
        try {
          if (!req.query_value("limit").empty()) limit = std::stoi(req.query_value("limit"));
          if (!req.query_value("offset").empty()) offset = std::stoi(req.query_value("offset"));
        } catch (const std::exception&) {
          throw bad_request("limit and offset must be numbers", "limit");
        }
        if (limit < 1 || limit > 500) throw bad_request("limit must be 1 to 500", "limit");
        if (offset < 0) throw bad_request("offset must not be negative", "offset");
        json items = json::array();
        for (const auto& s : ctx.suppressions.list_suppressions(store.id, address,
                                                                ctx.clock.now_ms(), limit, offset))
          items.push_back(to_json(s));
        respond(http::json_response(http::bhttp::status::ok, {{"items", items}}));
      });
  router.add(http::bhttp::verb::post, "/v1/suppressions",
             [&ctx](http::Request& req, http::Respond respond) {
               auto store = ctx.keys.authenticate(req);
               auto body = parse_body_object(req.body());
               store::Suppression s;
               std::tie(s.channel, s.address) =
                   address_of(string_field(body, "address"), string_field(body, "channel"), store);
               s.reason = string_field(body, "reason", "manual");
               s.detail = string_field(body, "detail");
               s.created_at = ctx.clock.now_ms();
               auto expires = string_field(body, "expires_at");
               if (!expires.empty()) {
                 auto t = parse_rfc3339(expires);
                 if (!t) throw bad_request("expires_at must be an RFC 3339 time", "expires_at");
                 if (*t <= s.created_at)
                   throw bad_request("expires_at must be in the future", "expires_at");
                 s.expires_at = *t;
               }
               ctx.suppressions.put_suppression(store.id, s);
               respond(http::json_response(http::bhttp::status::created, to_json(s)));
             });
  router.add(
      http::bhttp::verb::delete_, "/v1/suppressions",
      [&ctx](http::Request& req, http::Respond respond) {
        auto store = ctx.keys.authenticate(req);
        std::string address = req.query_value("address"), channel = req.query_value("channel");
        if (address.empty() && !req.body().empty()) {
          auto body = parse_body_object(req.body());
          address = string_field(body, "address");
          channel = string_field(body, "channel");
        }
        auto [ch, normalized] = address_of(address, channel, store);
        if (!ctx.suppressions.remove_suppression(store.id, ch, normalized))
          throw not_found("suppression of '" + normalized + "'");
        respond(http::json_response(
            http::bhttp::status::ok,
            {{"address", normalized}, {"channel", domain::to_string(ch)}, {"removed", true}}));
      });
}

}  // namespace herald::api
