#pragma once
// What the page handlers share. Owned by the serve command, beside the API's own context: the
// pages reach the same services, never the API's handlers.
#include <string>

#include "common/clock.h"
#include "config/config.h"
#include "intake/intake_service.h"
#include "store/log_storage.h"
#include "store/oms_storage.h"
#include "store/order_storage.h"
#include "store/suppression_storage.h"
#include "store/template_storage.h"
#include "store/tenant_storage.h"
#include "store/ui_storage.h"
#include "tenants/api_keys.h"

namespace herald::ui {

struct UiContext {
  const config::Config& config;
  // The storage roles the pages read or change directly; all else goes through the services.
  store::TenantStorage& tenants;
  store::TemplateStorage& templates;
  store::LogStorage& log;
  store::SuppressionStorage& suppressions;
  store::OrderStorage& orders;
  store::UiStorage& ui;
  intake::IntakeService& intake;
  const Clock& clock;
  tenants::KeyCache& keys;
  std::string tracking_secret;
  bool secure_cookies = false;  // public_url is https
  // The statuses the OMS reported by webhook, shown on the order's page; none when unset.
  store::OmsStorage* oms = nullptr;
};

}  // namespace herald::ui
