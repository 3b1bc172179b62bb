#include "ui/log_query.h"

#include "domain/address.h"

namespace herald::ui {

std::optional<std::int64_t> parse_seq(const std::string& s) {
  if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(s);
}

LogFilters read_log_filters(const http::Request& req, const store::StoreRecord& store,
                            const std::vector<std::string>& names) {
  LogFilters f;
  auto& q = f.query;
  auto fail = [&](const std::string& what) {
    if (f.error.empty()) f.error = what;
  };
  for (const auto& name : names) {
    auto v = req.query_value(name);
    v.erase(0, v.find_first_not_of(" \t"));
    v.erase(v.find_last_not_of(" \t") + 1);
    if (v.empty()) continue;
    f.values[name] = v;
    if (name == "number") {
      auto phone = domain::normalize_phone(v, store.settings.default_country);
      if (phone)
        q.address = *phone;
      else
        fail("'" + v + "' is not a phone number");
    } else if (name == "to") {
      auto email = domain::normalize_email(v);
      if (email)
        q.address = *email;
      else
        fail("'" + v + "' is not an email address");
    } else if (name == "from") {
      q.from = v;
    } else if (name == "subject") {
      q.subject = v;
    } else if (name == "type") {
      q.type = v;
    } else if (name == "order") {
      q.order_id = v;
    } else if (name == "status") {
      q.status = domain::parse_status(v);
      if (!q.status) fail("unknown status '" + v + "'");
    } else if (name == "since" || name == "until") {
      auto t = parse_day(v, name == "until");
      if (!t)
        fail(name + " must be a date like 2026-11-23");
      else if (name == "since")
        q.since = t;
      else
        q.until = t;
    }
  }
  q.limit = 50;
  if (auto l = parse_seq(req.query_value("limit")); l && *l >= 1 && *l <= 200) {
    q.limit = static_cast<int>(*l);
    f.values["limit"] = std::to_string(*l);
  }
  q.before_seq = parse_seq(req.query_value("before"));
  if (!q.before_seq) q.after_seq = parse_seq(req.query_value("after"));
  return f;
}

nlohmann::json pager_links(const std::string& path, const LogFilters& f, bool full_page,
                           std::int64_t first_seq, std::int64_t last_seq) {
  nlohmann::json out = {{"older", nullptr}, {"newer", nullptr}, {"newest", nullptr}};
  const bool paged = f.query.before_seq || f.query.after_seq;
  const bool more_newer = f.query.before_seq || (f.query.after_seq && full_page);
  const bool more_older = full_page || f.query.after_seq;
  if (more_older && last_seq > 0) {
    auto v = f.values;
    v["before"] = std::to_string(last_seq);
    out["older"] = path + query_string(v);
  }
  if (more_newer && first_seq > 0) {
    auto v = f.values;
    v["after"] = std::to_string(first_seq);
    out["newer"] = path + query_string(v);
  }
  if (paged) out["newest"] = path + query_string(f.values);
  return out;
}

nlohmann::json status_options(const std::string& selected) {
  nlohmann::json out = nlohmann::json::array();
  for (const char* s : {"queued", "sent", "delivered", "opened", "clicked", "deferred", "bounced",
                        "failed", "suppressed", "complained", "undelivered"})
    out.push_back({{"value", s}, {"selected", selected == s}});
  return out;
}

}  // namespace herald::ui
