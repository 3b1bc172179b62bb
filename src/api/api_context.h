#pragma once
// What the HTTP API handlers share. Owned by the serve command.
#include <functional>

#include "common/clock.h"
#include "common/metrics.h"
#include "config/config.h"
#include "feedback/report_service.h"
#include "intake/intake_service.h"
#include "store/order_storage.h"
#include "store/storage.h"
#include "tenants/api_keys.h"

namespace herald::api {

struct ApiContext {
  const config::Config& config;
  store::Storage& storage;
  intake::IntakeService& intake;
  Metrics& metrics;
  const Clock& clock;
  tenants::KeyCache& keys;
  feedback::ReportService& reports;
  std::string tracking_secret;
  // Order statuses and campaigns; `wake_campaigns` nudges the campaign worker.
  store::OrderStorage& orders;
  std::function<void()> wake_campaigns;
};

}  // namespace herald::api
