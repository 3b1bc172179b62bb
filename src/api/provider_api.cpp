// Provider callbacks (contract §6): /v1/providers/{name}/events for every registered provider.
// Each is verified the way its provider signs and parsed into DeliveryEvents; the report
// service matches and records them.
#include "api/routes.h"
#include "feedback/report_sources.h"
#include "providers/registry.h"

namespace herald::api {

namespace {
void answer(http::Respond& respond, feedback::ReportCounts counts) {
  respond(http::json_response(http::bhttp::status::ok,
                              {{"matched", counts.matched}, {"unmatched", counts.unmatched}}));
}
}  // namespace

void add_provider_routes(http::Router& router, ApiContext& ctx) {
  using http::bhttp::verb;
  const providers::ProviderContext made_with{ctx.config, ctx.clock, tracking::curl_http_get(),
                                             ctx.sms_report_secret};
  for (const auto& registration : providers::registrations()) {
    if (!registration.has_callbacks) continue;
    std::shared_ptr<providers::Provider> provider = registration.make(made_with);
    const std::string name(registration.name);
    router.add(
        provider->callback_is_get() ? verb::get : verb::post, "/v1/providers/" + name + "/events",
        [&ctx, provider, name](http::Request& req, http::Respond respond) {
          const providers::CallbackRequest callback{
              req.body(), req.query,
              [&req](std::string_view h) { return req.header(std::string(h)); },
              ctx.config.server.public_url + std::string(req.raw.target())};
          auto result = provider->read_callback(callback);
          if (result.confirmed) {
            respond(http::json_response(http::bhttp::status::ok,
                                        {{"matched", 0}, {"unmatched", 0}, {"confirmed", true}}));
            return;
          }
          answer(respond, feedback::record_provider_events(ctx.reports, name, result.events));
        });
  }
}

}  // namespace herald::api
