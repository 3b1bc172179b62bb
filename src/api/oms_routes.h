#pragma once
// The OMS connector's endpoints (contract §12): settings, call log, webhooks in. Wired by the
// serve command beside add_routes, with the connector's services.
#include "api/api_context.h"
#include "http/router.h"
#include "oms/connectors.h"
#include "oms/inventory_sync.h"
#include "oms/oms_settings.h"
#include "oms/webhook_intake.h"
#include "store/oms_storage.h"

namespace herald::api {

struct OmsApiContext {
  oms::SettingsService& settings;
  oms::Connectors& connectors;
  oms::WebhookIntake& webhooks;
  store::OmsStorage& storage;
};

void add_oms_routes(http::Router& router, ApiContext& ctx, OmsApiContext& oms);
// The OMS's stock on demand: the inventory sync now, the cart's stock check (contract §12.4).
void add_oms_stock_routes(http::Router& router, ApiContext& ctx, OmsApiContext& oms,
                          oms::InventorySync& inventory);

}  // namespace herald::api
