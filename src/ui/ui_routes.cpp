#include "ui/ui_routes.h"

namespace herald::ui {

void add_ui_routes(http::Router& router, UiContext& ctx) {
  add_static_routes(router);
  add_login_routes(router, ctx);
  add_dashboard_page(router, ctx);
  add_log_pages(router, ctx);
  add_message_pages(router, ctx);
  add_failure_pages(router, ctx);
  add_order_list_page(router, ctx);
  add_subject_pages(router, ctx);
  add_template_pages(router, ctx);
  add_admin_pages(router, ctx);
  add_order_status_pages(router, ctx);
  add_campaign_pages(router, ctx);
  add_page_api_routes(router, ctx);
}

}  // namespace herald::ui
