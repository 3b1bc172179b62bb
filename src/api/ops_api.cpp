// GET /healthz and GET /metrics (contract §10).
#include <fmt/format.h>

#include <memory>
#include <mutex>

#include "api/routes.h"
#include "http/error_mapping.h"

namespace herald::api {

namespace {
// A Prometheus label value: backslash, double quote and newline escaped.
std::string label_value(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c == '\n' ? std::string("\\n") : std::string(1, c);
  }
  return out;
}
}  // namespace

void add_ops_routes(http::Router& router, ApiContext& ctx) {
  router.add(http::bhttp::verb::get, "/healthz", [&ctx](http::Request&, http::Respond respond) {
    if (!ctx.health.ping())
      return respond(http::json_response(http::bhttp::status::service_unavailable,
                                         {{"status", "database unavailable"}}));
    // Reading works; writing may not (a full disk). Once a write has failed, each check tries
    // one, so the answer turns healthy by itself when space is freed, with no restart.
    if (ctx.health.write_failure()) ctx.health.probe_write(ctx.clock.now_ms());
    if (auto failure = ctx.health.write_failure()) {
      auto res = http::json_response(http::bhttp::status::service_unavailable,
                                     {{"status", "database cannot write"},
                                      {"code", "storage_unavailable"},
                                      {"error", *failure}});
      res.set(http::bhttp::field::retry_after, std::to_string(http::kStorageRetryAfterSeconds));
      return respond(std::move(res));
    }
    respond(
        http::json_response(http::bhttp::status::ok, {{"status", "ok"}, {"node", ctx.node_id}}));
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
        std::string out = fmt::format(
            "# HELP herald_node_info The node answering: its node_id.\n"
            "# TYPE herald_node_info gauge\nherald_node_info{{node_id=\"{}\"}} 1\n",
            label_value(ctx.node_id));
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
