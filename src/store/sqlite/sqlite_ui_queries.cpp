// The dashboard's counters and the failure log, read from the tables that migration 4's
// triggers maintain (ui_daily_counts, ui_failures): bounded reads, never a whole-table scan.
#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_ui_storage.h"

namespace herald::store::sqlite {

std::vector<FailureRow> SqliteUiStorage::find_failures(StoreId store, const FailureQuery& q) {
  std::string sql =
      "SELECT m.id, m.public_id, m.channel, m.type, m.event_id, m.order_id, m.customer_id, "
      "m.cart_id, m.from_addr, m.to_json, m.subject, m.status, m.fail_count, m.created_at, "
      "m.updated_at, m.resent_from, f.reason, f.recipient, max(f.at) "
      "FROM ui_failures f ";
  // Without this SQLite prefers the primary key (already in message order) and reads every
  // failure of the store when a rare domain or reason matches little.
  if (!q.reason.empty())
    sql += "INDEXED BY ui_failures_by_reason ";
  else if (!q.domain.empty())
    sql += "INDEXED BY ui_failures_by_domain ";
  sql += "JOIN messages m ON m.id = f.message_id WHERE f.store_id = ? AND m.fail_count > 0";
  if (!q.reason.empty()) sql += " AND f.reason = ?";
  if (!q.domain.empty()) sql += " AND f.domain = ?";
  if (q.channel) sql += " AND m.channel = ?";
  if (q.before_seq) sql += " AND f.message_id < ?";
  sql += " GROUP BY f.message_id ORDER BY f.message_id DESC LIMIT ?";
  return with_db([&](Db& db) {
    auto s = db.prepare(sql);
    int i = 1;
    s.bind(i++, store);
    if (!q.reason.empty()) s.bind(i++, q.reason);
    if (!q.domain.empty()) s.bind(i++, q.domain);
    if (q.channel) s.bind(i++, std::string(domain::to_string(*q.channel)));
    if (q.before_seq) s.bind(i++, *q.before_seq);
    s.bind(i, q.limit);
    std::vector<FailureRow> out;
    while (s.step()) {
      FailureRow f;
      auto& r = f.message;
      r.seq = s.i64(0);
      r.id = s.text(1);
      r.channel = domain::parse_channel(s.text(2)).value_or(domain::Channel::email);
      r.type = s.text(3);
      r.event_id = s.text(4);
      r.order_id = s.text(5);
      r.customer_id = s.text(6);
      r.cart_id = s.text(7);
      r.from = s.text(8);
      r.to = nlohmann::json::parse(s.text(9)).get<std::vector<std::string>>();
      r.subject = s.text(10);
      r.status = domain::parse_status(s.text(11)).value_or(domain::MessageStatus::queued);
      r.fail_count = s.i32(12);
      r.created_at = s.i64(13);
      r.updated_at = s.i64(14);
      r.resent_from = s.text(15);
      f.reason = s.text(16);
      f.recipient = s.text(17);
      f.failed_at = s.i64(18);
      out.push_back(std::move(f));
    }
    return out;
  });
}

std::vector<std::string> SqliteUiStorage::failure_reasons(StoreId store) {
  return with_db([&](Db& db) {
    std::vector<std::string> out;
    auto s = db.prepare(
        "SELECT DISTINCT key FROM ui_daily_counts WHERE store_id = ? AND kind = 'fail' "
        "ORDER BY key");
    s.bind(1, store);
    while (s.step()) out.push_back(s.text(0));
    return out;
  });
}

std::vector<DailyCount> SqliteUiStorage::daily_counts(StoreId store, const std::string& kind,
                                                      std::int64_t since_day) {
  return with_db([&](Db& db) {
    std::vector<DailyCount> out;
    auto s = db.prepare(
        "SELECT day, key, n FROM ui_daily_counts WHERE store_id = ? AND day >= ? AND kind = ? "
        "ORDER BY day, key");
    s.bind_all(store, since_day, kind);
    while (s.step()) out.push_back({s.i64(0), s.text(1), s.i64(2)});
    return out;
  });
}

}  // namespace herald::store::sqlite
