#include "api/routes.h"

namespace herald::api {

void add_routes(http::Router& router, ApiContext& ctx) {
  add_event_routes(router, ctx);
  add_template_routes(router, ctx);
  add_message_routes(router, ctx);
  add_send_routes(router, ctx);
  add_suppression_routes(router, ctx);
  add_tracking_routes(router, ctx);
  add_provider_routes(router, ctx);
  add_bounce_routes(router, ctx);
  add_store_routes(router, ctx);
  add_ops_routes(router, ctx);
  add_order_status_routes(router, ctx);
  add_order_routes(router, ctx);
  add_campaign_routes(router, ctx);
  add_analytics_routes(router, ctx);
  add_oms_order_routes(router, ctx);
  add_stock_routes(router, ctx);
}

}  // namespace herald::api
