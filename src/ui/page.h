#pragma once
// The frame every page shares: authentication, store choice, CSRF on POST, the layout, and
// the security headers of HTML answers.
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/html.h"
#include "http/router.h"
#include "ui/ui_context.h"

namespace herald::ui {

struct PageCtx {
  UiContext& ui;
  http::Request& req;
  store::SessionRecord session;
  store::StoreRecord store;
  std::vector<store::StoreRecord> stores;
  std::map<std::string, std::string> form;  // POST body (urlencoded), CSRF already checked
  TimeMs now = 0;
};
using PageFn = std::function<http::Response(PageCtx&)>;

// A page that needs a logged-in admin (else: redirect to the login) and a store.
void add_page(http::Router& router, UiContext& ctx, http::bhttp::verb method,
              const std::string& pattern, PageFn fn);

// The same for a page that answers later (after a commit): it must call `respond` once.
using AsyncPageFn = std::function<void(PageCtx&, http::Respond)>;
void add_async_page(http::Router& router, UiContext& ctx, http::bhttp::verb method,
                    const std::string& pattern, AsyncPageFn fn);

// An HTML page for an error (status from http::status_of).
http::Response error_page(std::exception_ptr error, const http::Request& req);

// Renders `body_template` (mustache, HTML-escaped) with `vars` inside the layout.
http::Response render_page(const PageCtx& pc, const std::string& title, const std::string& nav,
                           const std::string& body_template, nlohmann::json vars,
                           http::bhttp::status status = http::bhttp::status::ok);

http::Response html_response(http::bhttp::status status, std::string body);
http::Response redirect(const std::string& location);

// Mustache treats "" as true in {{#x}} sections: empty strings become null (false) here.
nlohmann::json opt(const std::string& s);

using herald::html_escape;
std::string format_time(TimeMs t);  // "2026-11-23 11:30:05" (UTC)
// "2026-11-23" -> start of that UTC day (end of it when end_of_day); nullopt when malformed.
std::optional<TimeMs> parse_day(const std::string& s, bool end_of_day);
std::string status_class(domain::MessageStatus s);
// A message as the log and order pages show it.
nlohmann::json message_view_json(const store::MessageRow& m);
// "?a=1&b=2" of the non-empty values (empty string when none).
std::string query_string(const std::map<std::string, std::string>& values);

}  // namespace herald::ui
