// GET /healthz and GET /metrics (contract §10).
#include <fmt/format.h>

#include <memory>
#include <mutex>

#include "api/routes.h"

namespace herald::api {

void add_ops_routes(http::Router& router, ApiContext& ctx) {
  router.add(http::bhttp::verb::get, "/healthz", [&ctx](http::Request&, http::Respond respond) {
    bool ok = ctx.health.ping();
    respond(
        http::json_response(ok ? http::bhttp::status::ok : http::bhttp::status::service_unavailable,
                            {{"status", ok ? "ok" : "database unavailable"}}));
  });
  // Counting the log by channel and status reads every row: scrapes share one count for a
  // few seconds so that scraping stays cheap as the log grows.
  struct CountsCache {
    std::mutex mutex;
    store::Counts counts;
    TimeMs at = -1'000'000;
  };
  auto cache = std::make_shared<CountsCache>();
  router.add(
      http::bhttp::verb::get, "/metrics", [&ctx, cache](http::Request&, http::Respond respond) {
        store::Counts counts;
        {
          std::lock_guard lock(cache->mutex);
          if (ctx.clock.now_ms() - cache->at > 5000) {
            cache->counts = ctx.health.counts();
            cache->at = ctx.clock.now_ms();
          }
          counts = cache->counts;
        }
        std::string out;
        auto counter = [&](const char* name, const char* help, std::uint64_t v) {
          out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, v);
        };
        counter("herald_events_received_total", "Order events accepted since start.",
                ctx.metrics.events_received.load());
        counter("herald_events_duplicate_total", "Order events answered as duplicates.",
                ctx.metrics.events_duplicate.load());
        counter("herald_events_rejected_total", "Order events refused as bad input.",
                ctx.metrics.events_rejected.load());
        out +=
            "# HELP herald_messages Messages in the log by channel and status.\n"
            "# TYPE herald_messages gauge\n";
        for (const auto& [channel, status, n] : counts.messages)
          out += fmt::format("herald_messages{{channel=\"{}\",status=\"{}\"}} {}\n", channel,
                             status, n);
        out += fmt::format(
            "# HELP herald_queue_depth Messages waiting to be sent or retried.\n"
            "# TYPE herald_queue_depth gauge\nherald_queue_depth {}\n",
            ctx.health.queue_depth());
        out +=
            "# HELP herald_send_seconds Time to hand a message to the relay or gateway.\n"
            "# TYPE herald_send_seconds histogram\n";
        ctx.metrics.email_send_seconds.render(out, "herald_send_seconds", "channel=\"email\"");
        ctx.metrics.sms_send_seconds.render(out, "herald_send_seconds", "channel=\"sms\"");
        respond(http::text_response(http::bhttp::status::ok, std::move(out),
                                    "text/plain; version=0.0.4"));
      });
}

}  // namespace herald::api
