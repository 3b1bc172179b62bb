// Order, customer and cart pages: every message with its Status and an (i) timeline; an order's
// page also shows its status history, what was not sent and what its OMS reported.
#include "ui/log_query.h"
#include "ui/order_status_history.h"
#include "ui/timeline.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
constexpr const char* kSubject = R"html(
{{#is_order}}<h2>Status history</h2>
<section id="status-history">{{#has_history}}<div class="table-wrap"><table><thead><tr><th>When</th><th>Type</th><th>Status</th></tr></thead><tbody>
{{#history}}<tr><td class="time">{{at}}</td><td>{{type}}</td><td>{{name}} <code>{{code}}</code>{{#late}} <span class="muted">(arrived late: history only)</span>{{/late}}</td></tr>{{/history}}</tbody></table></div>{{/has_history}}
{{^history}}<p class="empty">No status changes recorded for this order.</p>{{/history}}</section>
{{#has_oms_history}}<h2>OMS history</h2>
<section id="oms-history"><div class="table-wrap"><table><thead><tr><th>Happened</th><th>Received</th><th>Shipment</th><th>OMS status</th><th>Outcome</th></tr></thead><tbody>
{{#oms_history}}<tr data-event="{{event_id}}"><td class="time">{{at}}</td><td class="time">{{received_at}}</td><td>{{shipment_id}}</td><td><code>{{status}}</code></td><td>{{#became_event}}event <code>{{event_type}}</code>: {{#has_messages}}{{#messages}}<a href="/ui/messages/{{.}}">{{.}}</a> {{/messages}}{{/has_messages}}{{^has_messages}}<span class="muted">no message sent</span>{{/has_messages}}{{/became_event}}{{^became_event}}<span class="muted">recorded only, no message</span>{{/became_event}}</td></tr>{{/oms_history}}</tbody></table></div></section>{{/has_oms_history}}
{{#has_skipped}}<h2>Not sent</h2>
<section id="skipped"><div class="table-wrap"><table><thead><tr><th>Received</th><th>Event</th><th>Channel</th><th>Reason</th><th>Detail</th></tr></thead><tbody>
{{#skipped}}<tr><td class="time">{{received_at}}</td><td>{{type}} <code>{{event_id}}</code></td><td>{{channel}}</td><td><code>{{reason}}</code></td><td>{{detail}}</td></tr>{{/skipped}}</tbody></table></div></section>{{/has_skipped}}{{/is_order}}
<h2>Messages</h2>
<div class="table-wrap"><table class="log" id="messages">
<thead><tr><th>Sent</th><th>Channel</th><th>Type</th><th>To</th><th class="hide-sm">Subject</th><th>Status</th><th>Fails</th><th></th><th></th></tr></thead>
<tbody>{{#rows}}<tr data-id="{{id}}"><td class="time">{{created_at}}</td><td>{{channel}}</td><td>{{type}}</td><td>{{to}}</td><td class="hide-sm">{{subject}}</td>
<td><span class="badge {{status_class}}">{{status}}</span></td><td class="num{{#failed}} fails{{/failed}}">{{fail_count}}</td>
<td>{{{timeline}}}</td><td><a class="eye" href="/ui/messages/{{id}}" title="View message" aria-label="View message {{id}}"><svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 5C5.6 5 1.7 10.4 1 12c.7 1.6 4.6 7 11 7s10.3-5.4 11-7c-.7-1.6-4.6-7-11-7zm0 11.5a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9zm0-2.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4z"/></svg></a></td></tr>{{/rows}}
{{^rows}}<tr><td colspan="9" class="empty">No messages.</td></tr>{{/rows}}</tbody></table></div>
<nav class="pager">{{#pager.newest}}<a href="{{pager.newest}}">« Newest</a>{{/pager.newest}}
{{#pager.newer}}<a href="{{pager.newer}}">‹ Newer</a>{{/pager.newer}}
{{#pager.older}}<a href="{{pager.older}}">Next (older) ›</a>{{/pager.older}}</nav>
)html";

enum class Subject { order, customer, cart };

// An order has a handful of events; a store that replays one event type forever still gets a
// page that loads.
constexpr int kMaxSkippedShown = 100;

// Every status the order's OMS reported, as it happened, with the event it became and the
// messages that event sent (the order's messages, not only the page's).
nlohmann::json oms_history_json(PageCtx& pc, const std::string& order_id) {
  nlohmann::json out = nlohmann::json::array();
  const auto history = pc.ui.oms->oms_statuses(pc.store.id, order_id);
  if (history.empty()) return out;
  store::MessageQuery q;
  q.order_id = order_id;
  q.limit = 500;
  const auto messages = pc.ui.log.find_messages(pc.store.id, q);
  for (const auto& e : history) {
    nlohmann::json sent = nlohmann::json::array();
    for (const auto& m : messages)
      if (!e.event_type.empty() && m.event_id == e.event_id) sent.push_back(m.id);
    out.push_back({{"at", e.at ? format_time(e.at) : std::string("not given")},
                   {"received_at", format_time(e.received_at)},
                   {"shipment_id", e.shipment_id},
                   {"status", e.status},
                   {"event_id", e.event_id},
                   {"became_event", !e.event_type.empty()},
                   {"event_type", e.event_type},
                   {"has_messages", !sent.empty()},
                   {"messages", sent}});
  }
  return out;
}

http::Response subject_page(PageCtx& pc, Subject kind) {
  const auto id = pc.req.param("id");
  auto f = read_log_filters(pc.req, pc.store, {});
  if (kind == Subject::order) f.query.order_id = id;
  if (kind == Subject::customer) f.query.customer_id = id;
  if (kind == Subject::cart) f.query.cart_id = id;
  auto& message_log = pc.ui.log;
  auto rows = message_log.find_messages(pc.store.id, f.query);
  nlohmann::json vars = {{"rows", nlohmann::json::array()},
                         {"is_order", kind == Subject::order},
                         {"history", nlohmann::json::array()}};
  for (const auto& r : rows) {
    auto item = message_view_json(r);
    item["timeline"] = timeline_button(r.id, message_log.get_timeline(pc.store.id, r.seq));
    vars["rows"].push_back(std::move(item));
  }
  if (kind == Subject::order)
    for (const auto& h : order_status_history(pc.ui, pc.store.id, id))
      vars["history"].push_back({{"at", format_time(h.at)},
                                 {"type", h.type},
                                 {"code", h.code},
                                 {"name", h.name},
                                 {"late", h.late}});
  vars["has_history"] = !vars["history"].empty();
  vars["oms_history"] = nlohmann::json::array();
  if (kind == Subject::order && pc.ui.oms) vars["oms_history"] = oms_history_json(pc, id);
  vars["has_oms_history"] = !vars["oms_history"].empty();
  vars["skipped"] = nlohmann::json::array();
  if (kind == Subject::order)
    for (const auto& e : pc.ui.ui.skipped_events(pc.store.id, id, kMaxSkippedShown))
      for (const auto& s : e.skipped)
        vars["skipped"].push_back({{"received_at", format_time(e.received_at)},
                                   {"event_id", e.event_id},
                                   {"type", e.type},
                                   {"channel", domain::to_string(s.channel)},
                                   {"reason", s.reason},
                                   {"detail", s.detail}});
  vars["has_skipped"] = !vars["skipped"].empty();
  const std::string base = kind == Subject::order      ? "/ui/orders/"
                           : kind == Subject::customer ? "/ui/customers/"
                                                       : "/ui/carts/";
  const bool full = static_cast<int>(rows.size()) == f.query.limit;
  vars["pager"] =
      pager_links(base + http::url_encode(id), f, full, rows.empty() ? 0 : rows.front().seq,
                  rows.empty() ? 0 : rows.back().seq);
  const std::string title = kind == Subject::order      ? "Order " + id
                            : kind == Subject::customer ? "Customer " + id
                                                        : "Cart " + id;
  return render_page(pc, title, kind == Subject::order ? "orders" : "", kSubject, vars);
}
}  // namespace

void add_subject_pages(http::Router& router, UiContext& ctx) {
  add_page(router, ctx, http::bhttp::verb::get, "/ui/orders/{id}",
           [](PageCtx& pc) { return subject_page(pc, Subject::order); });
  add_page(router, ctx, http::bhttp::verb::get, "/ui/customers/{id}",
           [](PageCtx& pc) { return subject_page(pc, Subject::customer); });
  add_page(router, ctx, http::bhttp::verb::get, "/ui/carts/{id}",
           [](PageCtx& pc) { return subject_page(pc, Subject::cart); });
}

}  // namespace herald::ui
