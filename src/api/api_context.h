#pragma once
// What the HTTP API handlers share. Owned by the serve command.
#include <functional>

#include "common/clock.h"
#include "common/metrics.h"
#include "config/config.h"
#include "feedback/report_service.h"
#include "intake/intake_service.h"
#include "oms/order_service.h"
#include "store/health_storage.h"
#include "store/log_storage.h"
#include "store/oms_storage.h"
#include "store/order_storage.h"
#include "store/report_storage.h"
#include "store/stock_storage.h"
#include "store/suppression_storage.h"
#include "store/template_storage.h"
#include "store/tenant_storage.h"
#include "tenants/api_keys.h"

namespace herald::api {

struct ApiContext {
  const config::Config& config;
  // The storage roles handlers read or change directly; all else goes through the services.
  store::TenantStorage& tenants;
  store::TemplateStorage& templates;
  store::LogStorage& log;
  store::ReportStorage& report_storage;
  store::SuppressionStorage& suppressions;
  store::HealthStorage& health;
  intake::IntakeService& intake;
  Metrics& metrics;
  const Clock& clock;
  tenants::KeyCache& keys;
  feedback::ReportService& reports;
  std::string tracking_secret;
  // Order statuses and campaigns; `wake_campaigns` nudges the campaign worker.
  store::OrderStorage& orders;
  std::function<void()> wake_campaigns;
  std::string sms_report_secret;  // see providers::ProviderContext
  std::string node_id;            // this node's name (/metrics, /healthz)
  // The storefront's SKUs and the stock synced from the OMS.
  store::StockStorage& stock;
  // Orders pushed to the store's OMS (contract §12.5); set by the serve command.
  oms::OrderService* oms_orders = nullptr;
  // The statuses the OMS reported by webhook, for the order's OMS history; set by the serve
  // command.
  store::OmsStorage* oms = nullptr;
};

}  // namespace herald::api
