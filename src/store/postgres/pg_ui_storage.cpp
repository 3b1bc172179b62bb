// The pages' own reads and writes: admin users, sessions, the dashboard's counters and the
// failure log (kept with every recorded change), and what an order's events skipped.
#include "store/postgres/pg_ui_storage.h"

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "common/json_read.h"
#include "store/postgres/pg_rows.h"

namespace herald::store::postgres {

UserRecord PgUiStorage::create_user(const std::string& email, const std::string& hash, TimeMs now) {
  try {
    return pool_->with([&](Conn& db) {
      auto s = db.exec(
          "INSERT INTO users (email, password_hash, created_at) VALUES ($1,$2,$3) RETURNING id",
          email, hash, now);
      return UserRecord{s.i64(0, 0), email, hash, now};
    });
  } catch (const Error& e) {
    if (e.code() == ErrorCode::conflict)
      throw Error(ErrorCode::conflict, "user '" + email + "' already exists", "email");
    throw;
  }
}

std::optional<UserRecord> PgUiStorage::find_user(const std::string& email) {
  return pool_->with([&](Conn& db) -> std::optional<UserRecord> {
    auto s =
        db.exec("SELECT id, email, password_hash, created_at FROM users WHERE email = $1", email);
    if (s.rows() == 0) return std::nullopt;
    return UserRecord{s.i64(0, 0), s.text(0, 1), s.text(0, 2), s.i64(0, 3)};
  });
}

void PgUiStorage::create_session(const SessionRecord& r) {
  pool_->with([&](Conn& db) {
    // Expired sessions are cleared here, at login, so that reading pages never writes.
    db.exec("DELETE FROM sessions WHERE expires_at <= $1", r.created_at);
    db.exec(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, store_id, created_at, "
        "expires_at) VALUES ($1,$2,$3,$4,$5,$6)",
        r.token_hash, r.user_id, r.csrf_token, r.store_id, r.created_at, r.expires_at);
  });
}

std::optional<SessionRecord> PgUiStorage::find_session(const std::string& token_hash, TimeMs now) {
  return pool_->with([&](Conn& db) -> std::optional<SessionRecord> {
    auto s = db.exec(
        "SELECT s.token_hash, s.user_id, u.email, s.csrf_token, s.store_id, s.created_at, "
        "s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = $1 AND s.expires_at > $2",
        token_hash, now);
    if (s.rows() == 0) return std::nullopt;
    return SessionRecord{s.text(0, 0), s.i64(0, 1), s.text(0, 2), s.text(0, 3),
                         s.i64(0, 4),  s.i64(0, 5), s.i64(0, 6)};
  });
}

void PgUiStorage::set_session_store(const std::string& token_hash, StoreId store) {
  pool_->with([&](Conn& db) {
    db.exec("UPDATE sessions SET store_id = $1 WHERE token_hash = $2", store, token_hash);
  });
}

void PgUiStorage::delete_session(const std::string& token_hash) {
  pool_->with([&](Conn& db) { db.exec("DELETE FROM sessions WHERE token_hash = $1", token_hash); });
}

std::vector<TemplateRecord> PgUiStorage::all_templates(StoreId store) {
  return pool_->with([&](Conn& db) {
    std::vector<TemplateRecord> out;
    auto s = db.exec(std::string("SELECT ") + kTemplateColumns +
                         " FROM templates WHERE store_id = $1 "
                         "ORDER BY key COLLATE \"C\", channel COLLATE \"C\", locale COLLATE \"C\"",
                     store);
    for (int r = 0; r < s.rows(); ++r) out.push_back(read_template(s, r));
    return out;
  });
}

std::vector<FailureRow> PgUiStorage::find_failures(StoreId store, const FailureQuery& q) {
  std::vector<Param> params{to_param(store)};
  auto arg = [&](Param p) {
    params.push_back(std::move(p));
    return "$" + std::to_string(params.size());
  };
  // One line per message: its latest failure (the failure log keeps one per recipient); of
  // failures at the same time, the recipient last in byte order, as on SQLite.
  std::string sql = std::string("SELECT DISTINCT ON (f.message_id) ") + kMessageColumns +
                    ", f.reason, f.recipient, f.at FROM ui_failures f "
                    "JOIN messages m ON m.id = f.message_id WHERE f.store_id = $1 "
                    "AND m.fail_count > 0";
  if (!q.reason.empty()) sql += " AND f.reason = " + arg(q.reason);
  if (!q.domain.empty()) sql += " AND f.domain = " + arg(q.domain);
  if (q.channel) sql += " AND m.channel = " + arg(std::string(domain::to_string(*q.channel)));
  if (q.before_seq) sql += " AND f.message_id < " + arg(to_param(*q.before_seq));
  sql += " ORDER BY f.message_id DESC, f.at DESC, f.recipient COLLATE \"C\" DESC LIMIT " +
         arg(to_param(q.limit));
  return pool_->with([&](Conn& db) {
    auto s = db.exec_params(sql, params);
    std::vector<FailureRow> out;
    constexpr int kColumns = 18;  // kMessageColumns
    for (int r = 0; r < s.rows(); ++r) {
      FailureRow f;
      f.message = read_message_row(s, r);
      f.reason = s.text(r, kColumns);
      f.recipient = s.text(r, kColumns + 1);
      f.failed_at = s.i64(r, kColumns + 2);
      out.push_back(std::move(f));
    }
    return out;
  });
}

std::vector<std::string> PgUiStorage::failure_reasons(StoreId store) {
  return pool_->with([&](Conn& db) {
    std::vector<std::string> out;
    auto s = db.exec(
        "SELECT DISTINCT key COLLATE \"C\" FROM ui_daily_counts WHERE store_id = $1 AND "
        "kind = 'fail' ORDER BY 1",
        store);
    for (int r = 0; r < s.rows(); ++r) out.push_back(s.text(r, 0));
    return out;
  });
}

std::vector<DailyCount> PgUiStorage::daily_counts(StoreId store, const std::string& kind,
                                                  std::int64_t since_day) {
  return pool_->with([&](Conn& db) {
    std::vector<DailyCount> out;
    auto s = db.exec(
        "SELECT day, key, SUM(n)::bigint FROM ui_daily_counts WHERE store_id = $1 AND "
        "day >= $2 AND kind = $3 GROUP BY day, key ORDER BY day, key COLLATE \"C\"",
        store, since_day, kind);
    for (int r = 0; r < s.rows(); ++r) out.push_back({s.i64(r, 0), s.text(r, 1), s.i64(r, 2)});
    return out;
  });
}

std::vector<SkippedEvent> PgUiStorage::skipped_events(StoreId store, const std::string& order_id,
                                                      int limit) {
  return pool_->with([&](Conn& db) {
    std::vector<SkippedEvent> out;
    auto s = db.exec(
        "SELECT event_id, type, received_at, skipped FROM events WHERE store_id = $1 AND "
        "order_id = $2 AND skipped <> '[]' ORDER BY id DESC LIMIT $3",
        store, order_id, limit);
    for (int r = 0; r < s.rows(); ++r) {
      SkippedEvent e{s.text(r, 0), s.text(r, 1), s.i64(r, 2), {}};
      const auto list = read_json_or_discarded(s.text(r, 3));
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

}  // namespace herald::store::postgres
