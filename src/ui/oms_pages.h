#pragma once
// Pages of the OMS connector (contract §12): its section of the store settings, and the OMS
// page for support (§12.6). Wired by the
// serve command beside add_ui_routes, with the connector's services.
#include "http/router.h"
#include "oms/connectors.h"
#include "oms/oms_settings.h"
#include "oms/order_service.h"
#include "store/oms_storage.h"
#include "store/stock_storage.h"
#include "ui/ui_context.h"

namespace herald::ui {

struct OmsUiContext {
  oms::SettingsService& settings;
  oms::Connectors& connectors;
  store::OmsStorage& storage;
  oms::OrderService* orders = nullptr;   // pushed orders (contract §12.5)
  store::StockStorage* stock = nullptr;  // the inventory sync's state and unmapped SKUs (§12.4)
};

// GET/POST /ui/settings/oms (the connector's settings), POST /ui/settings/oms/check.
void add_oms_settings_pages(http::Router& router, UiContext& ctx, OmsUiContext& oms);
// GET /ui/oms (the connector's state, missing and push-failed orders, recent calls) and the
// OMS calls made by hand: POST /ui/oms/stock, /serviceability, /payment, /track.
void add_oms_page(http::Router& router, UiContext& ctx, OmsUiContext& oms);

}  // namespace herald::ui
