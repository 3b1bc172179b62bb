// herald serve: HTTP API + delivery workers in one process, until SIGINT / SIGTERM.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <thread>

#include "api/oms_routes.h"
#include "api/routes.h"
#include "campaigns/campaign_worker.h"
#include "cli/commands.h"
#include "common/error.h"
#include "common/ids.h"
#include "common/key_file.h"
#include "common/node_id.h"
#include "common/sealed_secret.h"
#include "config/secrets_key.h"
#include "delivery/dispatcher.h"
#include "delivery/mime_builder.h"
#include "feedback/report_service.h"
#include "http/server.h"
#include "oms/curl_http_client.h"
#include "oms/inventory_sync_worker.h"
#include "oms/order_service.h"
#include "oms/order_worker.h"
#include "providers/registry.h"
#include "retention/purge.h"
#include "store/open_oms_storage.h"
#include "store/open_storage.h"
#include "ui/oms_pages.h"
#include "ui/ui_routes.h"

namespace herald::cli {

namespace {
// A URL as it may be logged: a password in it ("postgresql://user:secret@host/db") is masked.
std::string without_password(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos || at < scheme) return url;
  const auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

int threads_or_cores(int configured) {
  if (configured > 0) return configured;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

std::string domain_of(const std::string& mailbox) {
  auto address = delivery::envelope_address(mailbox);
  auto at = address.rfind('@');
  return at == std::string::npos ? "localhost" : address.substr(at + 1);
}

delivery::DispatcherConfig dispatcher_config(const config::Config& cfg,
                                             const std::string& tracking_secret) {
  delivery::DispatcherConfig d;
  d.email_workers = cfg.email.connections;
  d.sms_workers = threads_or_cores(cfg.workers.threads);
  d.retry = {cfg.workers.retry_initial_seconds, cfg.workers.retry_max_seconds,
             cfg.workers.max_attempts};
  d.lease_ms = static_cast<TimeMs>(cfg.storage.lease_seconds) * 1000;
  d.email_relay = cfg.email.smtp_url;
  d.email_breaker = {cfg.email.breaker_failures,
                     static_cast<TimeMs>(cfg.email.breaker_cooldown_seconds) * 1000};
  d.public_url = cfg.server.public_url;
  d.sms_sender = cfg.sms.sender;
  d.bounce_domain = domain_of(cfg.email.default_from);
  d.track_opens = cfg.tracking.opens;
  d.track_clicks = cfg.tracking.clicks;
  d.tracking_secret = tracking_secret;
  return d;
}

// Descriptors kept free for what Herald opens besides HTTP connections: one per SMTP session
// and per SMS worker's connection, and a margin for database files, DNS lookups and logs.
constexpr std::size_t kDescriptorMargin = 32;

http::ConnectionLimits connection_limits(const config::Config& cfg) {
  http::ConnectionLimits limits;
  const std::size_t reserved =
      http::open_descriptors() + static_cast<std::size_t>(cfg.email.connections) +
      static_cast<std::size_t>(threads_or_cores(cfg.workers.threads)) + kDescriptorMargin;
  const auto file_limit = http::open_file_limit();
  limits.max_connections = http::effective_connection_cap(
      static_cast<std::size_t>(cfg.server.max_connections), file_limit, reserved);
  limits.header_timeout = std::chrono::seconds(cfg.server.header_timeout_seconds);
  limits.idle_timeout = std::chrono::seconds(cfg.server.idle_timeout_seconds);
  spdlog::info(
      "serve: at most {} HTTP connections (server.max_connections {}, open-file limit {}, {} "
      "kept for the rest); header timeout {} s, keep-alive idle timeout {} s",
      limits.max_connections, cfg.server.max_connections,
      file_limit == 0 ? std::string("unlimited") : std::to_string(file_limit), reserved,
      cfg.server.header_timeout_seconds, cfg.server.idle_timeout_seconds);
  return limits;
}
oms::OrderTiming order_timing(const config::OmsConfig& c) {
  oms::OrderTiming t;
  t.missing_after_ms = c.missing_after_seconds * TimeMs{1000};
  t.check_every_ms = c.missing_check_seconds * TimeMs{1000};
  t.retry_initial_ms = c.retry_initial_seconds * TimeMs{1000};
  t.retry_max_ms = c.retry_max_seconds * TimeMs{1000};
  return t;
}

oms::SyncTiming sync_timing(const config::OmsConfig& c) {
  oms::SyncTiming t;
  t.interval_ms = c.sync_interval_seconds * TimeMs{1000};
  t.first_retry_ms = c.sync_retry_initial_seconds * TimeMs{1000};
  if (t.interval_ms > 0) t.poll_ms = std::min(t.poll_ms, t.interval_ms);
  return t;
}

// Due work is found at the shortest of the configured waits, at least every 30 s.
TimeMs order_poll_ms(const config::OmsConfig& c) {
  return std::min({c.retry_initial_seconds, c.missing_check_seconds, 30}) * TimeMs{1000};
}
}  // namespace

int serve(const std::string& config_path) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  const auto cfg = config::load(config_path, nullptr, providers::setting_keys());
  const auto& sms_gateway = providers::sms_gateway(cfg.sms.provider);
  const auto& email_transport = providers::email_transport(cfg.email.transport);
  const std::string node_id = cfg.server.node_id.empty() ? default_node_id() : cfg.server.node_id;
  auto opened = store::open_storage(cfg.storage.url, store::Durability::each_write, node_id);
  store::Storage* storage = &opened.storage();
  store::Cluster& cluster = opened.cluster();
  SystemClock clock;
  Metrics metrics;
  // Generated once and kept in the database, so that links in mail already sent stay valid.
  const std::string tracking_secret =
      cfg.tracking.secret.empty() ? storage->put_setting_once("tracking_secret", random_hex(32))
                                  : cfg.tracking.secret;
  const std::string sms_report_secret =
      storage->put_setting_once("sms_report_secret", random_hex(32));

  const providers::ProviderContext made_with{cfg, clock, tracking::curl_http_get(),
                                             sms_report_secret};
  std::shared_ptr<providers::Provider> email = email_transport.make(made_with);
  std::shared_ptr<providers::Provider> sms = sms_gateway.make(made_with);
  spdlog::info("email: {}", email->sends_to(domain::Channel::email));
  spdlog::info("sms: {}", sms->sends_to(domain::Channel::sms));
  auto dispatch = dispatcher_config(cfg, tracking_secret);
  dispatch.sms_status_url = [sms](const std::string& id) { return sms->sms_status_url(id); };
  delivery::Dispatcher dispatcher(
      *storage, clock, metrics, dispatch, [email] { return email->make_email_transport(); },
      [sms] { return sms->make_sms_transport(); });

  boost::asio::io_context ioc;
  intake::IntakeService intake(
      {.events = *storage,
       .suppressions = *storage,
       .templates = *storage,
       .log = *storage,
       .orders = opened.orders()},
      clock, cfg.email.default_from,
      [&dispatcher, &cluster] {
        dispatcher.wake();
        cluster.announce();
      },
      [&ioc](std::function<void()> done) { boost::asio::post(ioc, std::move(done)); });
  SecretVault vault;  // one-time codes: in memory only
  intake.set_secret_vault(&vault);
  intake.set_tracked_links({cfg.server.public_url, tracking_secret});
  dispatcher.set_secret_vault(&vault);
  campaigns::CampaignWorker campaign_worker(*storage, *storage, opened.orders(), intake, clock,
                                            cfg.email.default_from, [&dispatcher, &cluster] {
                                              dispatcher.wake();
                                              cluster.announce();
                                            });
  campaign_worker.set_cluster(&cluster);
  tenants::KeyCache keys(*storage, clock);
  feedback::ReportService reports(*storage, *storage, clock);
  api::ApiContext ctx{.config = cfg,
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
                      .tracking_secret = tracking_secret,
                      .orders = opened.orders(),
                      .wake_campaigns = [&campaign_worker] { campaign_worker.wake(); },
                      .sms_report_secret = sms_report_secret,
                      .node_id = node_id,
                      .stock = opened.stock()};
  // Secrets kept in the database (OMS credentials) are sealed with a key kept outside it.
  const SecretSealer sealer(
      load_or_create_key_file(config::secrets_key_path(config_path, cfg.storage.url)));
  auto oms_storage = store::open_oms_storage(cfg.storage.url);
  oms::SettingsService oms_settings(*oms_storage, sealer, clock);
  auto oms_http = oms::make_curl_http_client(cfg.oms.timeout_seconds * 1000L);
  oms::Connectors oms_connectors(*oms_storage, oms_settings, *oms_http, clock);
  oms::WebhookIntake oms_webhooks(*storage, *oms_storage, opened.orders(), oms_settings, intake,
                                  clock);
  api::OmsApiContext oms_ctx{oms_settings, oms_connectors, oms_webhooks, *oms_storage};
  oms::OrderService oms_orders(
      opened.oms_orders(),
      [&oms_connectors](store::StoreId store) { return oms_connectors.for_store(store); }, clock,
      order_timing(cfg.oms));
  ctx.oms_orders = &oms_orders;
  ctx.oms = oms_storage.get();
  oms::OrderWorker oms_order_worker(oms_orders, cluster, order_poll_ms(cfg.oms));
  oms::InventorySync inventory(opened.stock(), clock);
  inventory.set_cluster(&cluster);
  oms::InventorySyncWorker inventory_worker(inventory, oms_connectors, opened.stock(), clock,
                                            sync_timing(cfg.oms));
  inventory_worker.set_cluster(&cluster);
  http::Router router;
  api::add_routes(router, ctx);
  api::add_oms_routes(router, ctx, oms_ctx);
  api::add_oms_stock_routes(router, ctx, oms_ctx, inventory);
  ui::UiContext ui_ctx{.config = cfg,
                       .tenants = *storage,
                       .templates = *storage,
                       .log = *storage,
                       .suppressions = *storage,
                       .orders = opened.orders(),
                       .ui = opened.ui(),
                       .intake = intake,
                       .clock = clock,
                       .keys = keys,
                       .tracking_secret = tracking_secret,
                       .secure_cookies = cfg.server.public_url.rfind("https://", 0) == 0,
                       .oms = oms_storage.get()};
  ui::add_ui_routes(router, ui_ctx);
  ui::OmsUiContext oms_ui_ctx{oms_settings, oms_connectors, *oms_storage};
  oms_ui_ctx.orders = &oms_orders;
  oms_ui_ctx.stock = &opened.stock();
  ui::add_oms_settings_pages(router, ui_ctx, oms_ui_ctx);
  ui::add_oms_page(router, ui_ctx, oms_ui_ctx);

  http::Server server(ioc, cfg.server.listen, router, connection_limits(cfg));
  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int sig) {
    spdlog::info("serve: signal {}, stopping", sig);
    ioc.stop();
  });
  dispatcher.start();
  campaign_worker.start();
  retention::DailyPurge daily_purge(*storage, *storage, clock);
  daily_purge.set_cluster(&cluster);
  daily_purge.set_oms({*oms_storage, cfg.retention.oms_calls_days});
  daily_purge.start();
  oms_order_worker.start();
  inventory_worker.start();
  // Work another node commits is taken at once, not at the workers' next poll.
  cluster.listen([&dispatcher, &campaign_worker] {
    dispatcher.wake();
    campaign_worker.wake();
  });
  const int threads = threads_or_cores(cfg.server.threads);
  spdlog::info("serve: node {} listening on {} ({} HTTP threads), storage {}, leases {} s", node_id,
               cfg.server.listen, threads, without_password(cfg.storage.url),
               cfg.storage.lease_seconds);
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  oms_order_worker.stop();
  inventory_worker.stop();
  daily_purge.stop();
  campaign_worker.stop();
  dispatcher.stop();
  cluster.stop();  // after the workers, which may still ask for their jobs
  spdlog::info("serve: stopped");
  return 0;
}

}  // namespace herald::cli
