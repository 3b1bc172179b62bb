#include "orders/status_report.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace herald::orders {

using nlohmann::json;

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

json status_report(const std::vector<store::StatusChange>& changes,
                   const std::vector<store::OrderStatusDef>& defs, TimeMs since, TimeMs until) {
  std::map<std::pair<std::string, std::string>, const store::OrderStatusDef*> analytics;
  for (const auto& d : defs)
    if (d.include_in_analytics) analytics[{d.type, d.code}] = &d;
  auto counted = [&](const std::string& type, const std::string& code) {
    return analytics.count({type, code}) > 0;
  };
  std::map<std::pair<std::string, std::string>, std::set<std::string>> entered;
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<double>> gaps;
  for (size_t i = 0; i < changes.size(); ++i) {
    const auto& c = changes[i];
    if (c.at < since || c.at > until || !counted(c.type, c.to_code)) continue;
    entered[{c.type, c.to_code}].insert(c.order_id);
    if (i == 0) continue;
    const auto& prev = changes[i - 1];
    if (prev.order_id != c.order_id || prev.type != c.type || !counted(prev.type, prev.to_code) ||
        prev.to_code == c.to_code)
      continue;
    gaps[{c.type, prev.to_code, c.to_code}].push_back(static_cast<double>(c.at - prev.at) / 1000.0);
  }
  json statuses = json::array();
  for (const auto& [key, def] : analytics) {
    auto it = entered.find(key);
    statuses.push_back({{"type", key.first},
                        {"code", key.second},
                        {"name", def->name},
                        {"orders", it == entered.end() ? 0 : it->second.size()}});
  }
  json transitions = json::array();
  for (const auto& [key, values] : gaps)
    transitions.push_back({{"type", std::get<0>(key)},
                           {"from", std::get<1>(key)},
                           {"to", std::get<2>(key)},
                           {"orders", values.size()},
                           {"median_seconds", median(values)}});
  return {{"since", format_rfc3339(since)},
          {"until", format_rfc3339(until)},
          {"statuses", statuses},
          {"transitions", transitions}};
}

}  // namespace herald::orders
