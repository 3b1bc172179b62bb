// The failure log: messages with fail_count > 0, the reason in plain words, filters by reason
// and by recipient domain (read from ui_failures, kept with each recorded failure).
#include "common/ascii.h"
#include "ui/log_query.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
constexpr const char* kFailures = R"html(
<form class="filters" method="get" action="/ui/failures">
  <label>Reason <select name="reason"><option value="">any</option>{{#reasons}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/reasons}}</select></label>
  <label>Recipient domain <input name="domain" value="{{f.domain}}" placeholder="gmail.com"></label>
  <label>Channel <select name="channel"><option value="">any</option><option{{#is_email}} selected{{/is_email}}>email</option><option{{#is_sms}} selected{{/is_sms}}>sms</option></select></label>
  <button type="submit">Filter</button> <a href="/ui/failures">Clear</a>
</form>
<div class="table-wrap"><table class="log" id="failures">
<thead><tr><th>Failed</th><th>Recipient</th><th>Why</th><th class="hide-sm">Type</th><th>Status</th><th class="hide-sm">Fails</th><th></th></tr></thead>
<tbody>{{#rows}}<tr data-id="{{m.id}}"><td class="time">{{failed_at}}</td><td>{{recipient}}</td><td>{{words}} <small class="hide-sm"><code>{{reason}}</code></small></td>
<td class="hide-sm">{{m.type}}</td><td><span class="badge {{m.status_class}}">{{m.status}}</span></td><td class="num fails hide-sm">{{m.fail_count}}</td>
<td><a class="eye" href="/ui/messages/{{m.id}}" title="View message" aria-label="View message {{m.id}}"><svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path fill="currentColor" d="M12 5C5.6 5 1.7 10.4 1 12c.7 1.6 4.6 7 11 7s10.3-5.4 11-7c-.7-1.6-4.6-7-11-7zm0 11.5a4.5 4.5 0 1 1 0-9 4.5 4.5 0 0 1 0 9zm0-2.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4z"/></svg></a></td></tr>{{/rows}}
{{^rows}}<tr><td colspan="7" class="empty">No failed messages match these filters.</td></tr>{{/rows}}</tbody></table></div>
<nav class="pager">{{#newest}}<a href="{{newest}}">« Newest</a>{{/newest}}{{#older}}<a href="{{older}}">Next (older) ›</a>{{/older}}</nav>
)html";

std::string words_for(const std::string& reason) {
  auto w = domain::describe_reason(reason);
  if (!w.empty()) return w;
  if (reason == "undelivered") return "The SMS could not be delivered";
  if (reason == "failed") return "Could not be sent";
  if (reason == "complained") return "The recipient marked it as spam";
  return reason;
}
}  // namespace

void add_failure_pages(http::Router& router, UiContext& ctx) {
  add_page(router, ctx, http::bhttp::verb::get, "/ui/failures", [](PageCtx& pc) {
    store::FailureQuery q;
    std::map<std::string, std::string> values;
    q.reason = pc.req.query_value("reason");
    q.domain = ascii_lower(pc.req.query_value("domain"));
    if (!q.domain.empty() && q.domain.front() == '@') q.domain.erase(0, 1);
    const auto channel = pc.req.query_value("channel");
    q.channel = domain::parse_channel(channel);
    values = {{"reason", q.reason}, {"domain", q.domain}, {"channel", channel}};
    q.before_seq = parse_seq(pc.req.query_value("before"));
    auto rows = pc.ui.ui.find_failures(pc.store.id, q);
    nlohmann::json vars = {{"f", values},
                           {"rows", nlohmann::json::array()},
                           {"reasons", nlohmann::json::array()},
                           {"is_email", channel == "email"},
                           {"is_sms", channel == "sms"},
                           {"older", nullptr},
                           {"newest", nullptr}};
    for (const auto& r : pc.ui.ui.failure_reasons(pc.store.id))
      vars["reasons"].push_back(
          {{"value", r}, {"label", words_for(r)}, {"selected", r == q.reason}});
    for (const auto& r : rows)
      vars["rows"].push_back({{"m", message_view_json(r.message)},
                              {"recipient", r.recipient},
                              {"reason", r.reason},
                              {"words", words_for(r.reason)},
                              {"failed_at", format_time(r.failed_at)}});
    if (static_cast<int>(rows.size()) == q.limit) {
      auto v = values;
      v["before"] = std::to_string(rows.back().message.seq);
      vars["older"] = "/ui/failures" + query_string(v);
    }
    if (q.before_seq) vars["newest"] = "/ui/failures" + query_string(values);
    return render_page(pc, "Failures", "failures", kFailures, vars);
  });
}

}  // namespace herald::ui
