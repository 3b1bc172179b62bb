#pragma once
#include "api/api_context.h"
#include "http/router.h"

namespace herald::api {

// Every /v1 endpoint plus /healthz and /metrics.
void add_routes(http::Router& router, ApiContext& ctx);

void add_event_routes(http::Router& router, ApiContext& ctx);
void add_template_routes(http::Router& router, ApiContext& ctx);
void add_message_routes(http::Router& router, ApiContext& ctx);
void add_send_routes(http::Router& router, ApiContext& ctx);
void add_suppression_routes(http::Router& router, ApiContext& ctx);
void add_tracking_routes(http::Router& router, ApiContext& ctx);
void add_provider_routes(http::Router& router, ApiContext& ctx);
void add_bounce_routes(http::Router& router, ApiContext& ctx);
void add_store_routes(http::Router& router, ApiContext& ctx);
void add_ops_routes(http::Router& router, ApiContext& ctx);
// Order statuses, orders, campaigns, analytics reports.
void add_order_status_routes(http::Router& router, ApiContext& ctx);
void add_order_routes(http::Router& router, ApiContext& ctx);
void add_campaign_routes(http::Router& router, ApiContext& ctx);
void add_analytics_routes(http::Router& router, ApiContext& ctx);
// The storefront's OMS order calls (contract §12.5).
void add_oms_order_routes(http::Router& router, ApiContext& ctx);
// The storefront's SKUs and stock (OMS connector).
void add_stock_routes(http::Router& router, ApiContext& ctx);

}  // namespace herald::api
