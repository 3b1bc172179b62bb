#pragma once
#include "http/router.h"
#include "ui/ui_context.h"

namespace herald::ui {

// Every /ui page, plus the API endpoints that came with the pages (message view and resend,
// customer and cart messages).
void add_ui_routes(http::Router& router, UiContext& ctx);

void add_login_routes(http::Router& router, UiContext& ctx);
void add_static_routes(http::Router& router);
void add_log_pages(http::Router& router, UiContext& ctx);
void add_message_pages(http::Router& router, UiContext& ctx);
void add_failure_pages(http::Router& router, UiContext& ctx);
void add_subject_pages(http::Router& router, UiContext& ctx);  // order, customer, cart
void add_order_list_page(http::Router& router, UiContext& ctx);
void add_template_pages(http::Router& router, UiContext& ctx);
void add_admin_pages(http::Router& router, UiContext& ctx);  // suppressions, settings
void add_order_status_pages(http::Router& router, UiContext& ctx);
void add_campaign_pages(http::Router& router, UiContext& ctx);
void add_dashboard_page(http::Router& router, UiContext& ctx);
void add_page_api_routes(http::Router& router, UiContext& ctx);

}  // namespace herald::ui
