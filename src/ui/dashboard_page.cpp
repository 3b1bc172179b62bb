// The dashboard (/ui): messages per day by channel over 30 days, the delivery funnel and the
// top failure reasons, all from the small per-day counters table (never the message table).
#include <map>

#include "ui/charts.h"
#include "ui/page.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
constexpr const char* kDashboard = R"html(
<div class="charts">
<section class="chart" id="chart-daily"><h2>Messages per day (last 30 days)</h2>{{{daily}}}
<p class="legend"><span><i class="sw email"></i>email {{email_total}}</span><span><i class="sw sms"></i>SMS {{sms_total}}</span></p></section>
<section class="chart" id="chart-funnel"><h2>Delivery funnel (30 days)</h2>{{{funnel}}}</section>
<section class="chart" id="chart-failures"><h2>Top failure reasons (30 days)</h2>{{{failures}}}{{^has_failures}}<p class="empty">No failures.</p>{{/has_failures}}
<p><a href="/ui/failures">Failure log ›</a></p></section>
</div>
<p class="row"><a href="/ui/sms">SMS log ›</a> <a href="/ui/email">Email log ›</a></p>
)html";

constexpr std::int64_t kDays = 30;
}  // namespace

void add_dashboard_page(http::Router& router, UiContext& ctx) {
  auto page = [](PageCtx& pc) {
    const std::int64_t today = pc.now / 86'400'000;
    const std::int64_t first = today - kDays + 1;
    auto& ui = pc.ui.ui;
    std::vector<std::string> labels;
    for (auto d = first; d <= today; ++d)
      labels.push_back(format_time(d * 86'400'000).substr(5, 5));
    Series email{"email", std::vector<long long>(kDays, 0)};
    Series sms{"sms", std::vector<long long>(kDays, 0)};
    long long email_total = 0, sms_total = 0;
    for (const auto& c : ui.daily_counts(pc.store.id, "channel", first)) {
      const auto i = static_cast<size_t>(c.day - first);
      if (i >= static_cast<size_t>(kDays)) continue;
      if (c.key == "email") email.values[i] += c.n, email_total += c.n;
      if (c.key == "sms") sms.values[i] += c.n, sms_total += c.n;
    }
    std::map<std::string, long long> stages;
    for (const auto& c : ui.daily_counts(pc.store.id, "stage", first)) stages[c.key] += c.n;
    std::vector<Bar> funnel;
    for (const char* s : {"sent", "delivered", "opened", "clicked"})
      funnel.push_back({s, stages[s]});
    std::map<std::string, long long> reasons;
    for (const auto& c : ui.daily_counts(pc.store.id, "fail", first)) reasons[c.key] += c.n;
    std::vector<Bar> top;
    for (const auto& [k, n] : reasons) {
      auto words = domain::describe_reason(k);
      top.push_back({words.empty() ? k : words, n});
    }
    std::sort(top.begin(), top.end(), [](const Bar& a, const Bar& b) { return a.value > b.value; });
    if (top.size() > 8) top.resize(8);
    nlohmann::json vars = {
        {"daily", svg_columns(labels, {email, sms}, "Messages per day by channel")},
        {"funnel", svg_bars(funnel, "stage", "Delivery funnel")},
        {"failures", top.empty() ? "" : svg_bars(top, "fail", "Top failure reasons")},
        {"has_failures", !top.empty()},
        {"email_total", email_total},
        {"sms_total", sms_total}};
    return render_page(
        pc,
        "Dashboard · " + (pc.store.settings.name.empty() ? pc.store.slug : pc.store.settings.name),
        "dashboard", kDashboard, vars);
  };
  add_page(router, ctx, http::bhttp::verb::get, "/ui", page);
}

}  // namespace herald::ui
