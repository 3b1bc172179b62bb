// The SMS log and the email log: filters in the URL, keyset pages, status and fail count.
#include "domain/event_types.h"
#include "ui/log_query.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
constexpr const char* kPager = R"html(<nav class="pager">
{{#pager.newest}}<a href="{{pager.newest}}">« Newest</a>{{/pager.newest}}
{{#pager.newer}}<a href="{{pager.newer}}" rel="prev">‹ Newer</a>{{/pager.newer}}
{{#pager.older}}<a href="{{pager.older}}" rel="next">Next (older) ›</a>{{/pager.older}}
</nav>)html";

const std::string kSmsLog = std::string(R"html(
<form class="filters" method="get" action="/ui/sms">
  <label>Number <input name="number" value="{{f.number}}" placeholder="+47 900 00 000" inputmode="tel"></label>
  <label>Status <select name="status"><option value="">any</option>{{#statuses}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/statuses}}</select></label>
  <label>Order <input name="order" value="{{f.order}}"></label>
  <label>From date <input type="date" name="since" value="{{f.since}}"></label>
  <label>To date <input type="date" name="until" value="{{f.until}}"></label>
  <button type="submit">Filter</button> <a href="/ui/sms">Clear</a>
</form>
{{#error}}<p class="error">{{error}}</p>{{/error}}
<div class="table-wrap"><table class="log" id="log">
<thead><tr><th>Sent</th><th>Number</th><th class="hide-sm">Message</th><th class="hide-sm">Type</th><th class="hide-sm">Order</th><th>Status</th><th>Fails</th><th></th></tr></thead>
<tbody>{{#rows}}<tr data-id="{{id}}">
<td class="time">{{created_at}}</td><td class="nowrap">{{to}}</td><td class="msg hide-sm">{{text}}</td>
<td class="hide-sm">{{type}}</td><td class="hide-sm">{{#order_id}}<a href="/ui/orders/{{order_id}}">{{order_id}}</a>{{/order_id}}</td>
<td><span class="badge {{status_class}}">{{status}}</span></td><td class="num{{#failed}} fails{{/failed}}">{{fail_count}}</td>
<td><a class="eye" href="/ui/messages/{{id}}" title="View message" aria-label="View message {{id}}"><svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 5C5.6 5 1.7 10.4 1 12c.7 1.6 4.6 7 11 7s10.3-5.4 11-7c-.7-1.6-4.6-7-11-7zm0 11.5a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9zm0-2.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4z"/></svg></a></td></tr>{{/rows}}
{{^rows}}<tr><td colspan="8" class="empty">No SMS match these filters.</td></tr>{{/rows}}</tbody></table></div>
)html") + kPager;

const std::string kEmailLog = std::string(R"html(
<form class="filters" method="get" action="/ui/email">
  <label>Subject <input name="subject" value="{{f.subject}}"></label>
  <label>Sender <input name="from" value="{{f.from}}"></label>
  <label>Recipient <input name="to" value="{{f.to}}" type="email"></label>
  <label>Mail type <input name="type" value="{{f.type}}" list="types"></label>
  <datalist id="types">{{#types}}<option value="{{.}}">{{/types}}</datalist>
  <label>Order <input name="order" value="{{f.order}}"></label>
  <label>Status <select name="status"><option value="">any</option>{{#statuses}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/statuses}}</select></label>
  <label>From date <input type="date" name="since" value="{{f.since}}"></label>
  <label>To date <input type="date" name="until" value="{{f.until}}"></label>
  <button type="submit">Filter</button> <a href="/ui/email">Clear</a>
</form>
{{#error}}<p class="error">{{error}}</p>{{/error}}
<div class="table-wrap"><table class="log" id="log">
<thead><tr><th>Sent</th><th>Recipient</th><th>Subject</th><th class="hide-sm">Sender</th><th class="hide-sm">Type</th><th>Status</th><th>Fails</th><th></th></tr></thead>
<tbody>{{#rows}}<tr data-id="{{id}}">
<td class="time">{{created_at}}</td><td>{{to}}</td><td class="subject">{{subject}}</td>
<td class="hide-sm">{{from}}</td><td class="hide-sm">{{type}}</td>
<td><span class="badge {{status_class}}">{{status}}</span></td><td class="num{{#failed}} fails{{/failed}}">{{fail_count}}</td>
<td><a class="eye" href="/ui/messages/{{id}}" title="View message" aria-label="View message {{id}}"><svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 5C5.6 5 1.7 10.4 1 12c.7 1.6 4.6 7 11 7s10.3-5.4 11-7c-.7-1.6-4.6-7-11-7zm0 11.5a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9zm0-2.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4z"/></svg></a></td></tr>{{/rows}}
{{^rows}}<tr><td colspan="8" class="empty">No email matches these filters.</td></tr>{{/rows}}</tbody></table></div>
)html") + kPager;

std::string shorten(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return s.substr(0, cut) + "…";
}

http::Response log_page(PageCtx& pc, domain::Channel channel) {
  const bool sms = channel == domain::Channel::sms;
  const std::vector<std::string> names =
      sms ? std::vector<std::string>{"number", "status", "order", "since", "until"}
          : std::vector<std::string>{"subject", "from",   "to",    "type",
                                     "order",   "status", "since", "until"};
  auto f = read_log_filters(pc.req, pc.store, names);
  f.query.channel = channel;
  std::vector<store::MessageRow> rows;
  if (f.error.empty()) rows = pc.ui.log.find_messages(pc.store.id, f.query);
  nlohmann::json vars = {
      {"f", f.values}, {"error", opt(f.error)}, {"rows", nlohmann::json::array()}};
  for (const auto& r : rows) {
    auto item = message_view_json(r);
    if (sms) {
      auto content = pc.ui.log.get_content(pc.store.id, r.seq);
      item["text"] = content.expired ? "(content expired)" : shorten(content.sms, 90);
    }
    vars["rows"].push_back(std::move(item));
  }
  vars["statuses"] = status_options(f.values.count("status") ? f.values["status"] : "");
  vars["types"] = nlohmann::json::array();
  for (auto t : domain::kOrderEventTypes) vars["types"].push_back(std::string(t));
  for (const char* t :
       {"password_reset", "contact_form", "order_confirmation", "b2b_registration_request",
        "b2b_registration_approved", "abandoned_cart", "newsletter"})
    vars["types"].push_back(t);
  const bool full = static_cast<int>(rows.size()) == f.query.limit;
  vars["pager"] =
      pager_links(sms ? "/ui/sms" : "/ui/email", f, full, rows.empty() ? 0 : rows.front().seq,
                  rows.empty() ? 0 : rows.back().seq);
  return render_page(pc, sms ? "SMS log" : "Email log", sms ? "sms" : "email",
                     sms ? kSmsLog : kEmailLog, vars);
}
}  // namespace

void add_log_pages(http::Router& router, UiContext& ctx) {
  add_page(router, ctx, http::bhttp::verb::get, "/ui/sms",
           [](PageCtx& pc) { return log_page(pc, domain::Channel::sms); });
  add_page(router, ctx, http::bhttp::verb::get, "/ui/email",
           [](PageCtx& pc) { return log_page(pc, domain::Channel::email); });
}

}  // namespace herald::ui
