// The dashboard's counters and the failure log, read from the tables kept with every recorded
// change (ui_daily_counts, ui_failures), and what an order's events skipped: bounded reads,
// never a whole-table scan.
#include <nlohmann/json.hpp>

#include "common/json_read.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_ui_storage.h"

namespace herald::store::sqlite {

std::vector<FailureRow> SqliteUiStorage::find_failures(StoreId store, const FailureQuery& q) {
  // max() takes reason and recipient from the first row with the latest time; the walk in
  // descending order makes that, of failures at the same time, the recipient last in byte order.
  std::string sql = std::string("SELECT ") + kMessageColumns +
                    ", f.reason, f.recipient, max(f.at) FROM ui_failures f ";
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
      f.message = read_message_row(s);
      f.reason = s.text(kMessageColumnCount);
      f.recipient = s.text(kMessageColumnCount + 1);
      f.failed_at = s.i64(kMessageColumnCount + 2);
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
        "SELECT day, key, SUM(n) FROM ui_daily_counts WHERE store_id = ? AND day >= ? AND "
        "kind = ? GROUP BY day, key ORDER BY day, key");
    s.bind_all(store, since_day, kind);
    while (s.step()) out.push_back({s.i64(0), s.text(1), s.i64(2)});
    return out;
  });
}

std::vector<SkippedEvent> SqliteUiStorage::skipped_events(StoreId store,
                                                          const std::string& order_id, int limit) {
  return with_db([&](Db& db) {
    std::vector<SkippedEvent> out;
    auto s = db.prepare(
        "SELECT event_id, type, received_at, skipped FROM events INDEXED BY "
        "events_skipped_by_order "
        "WHERE store_id = ? AND order_id = ? AND skipped <> '[]' ORDER BY id DESC LIMIT ?");
    s.bind_all(store, order_id, limit);
    while (s.step()) {
      SkippedEvent e{s.text(0), s.text(1), s.i64(2), {}};
      const auto list = read_json_or_discarded(s.text(3));
      if (list.is_array())
        for (const auto& j : list) {
          if (!j.is_object()) continue;
          Skipped k;
          k.channel =
              domain::parse_channel(j.value("channel", "email")).value_or(domain::Channel::email);
          k.reason = j.value("reason", "");
          k.detail = j.value("detail", "");
          e.skipped.push_back(std::move(k));
        }
      out.push_back(std::move(e));
    }
    return out;
  });
}

}  // namespace herald::store::sqlite
