#include "store/sqlite/sqlite_ui_storage.h"

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_schema.h"

namespace herald::store::sqlite {

SqliteUiStorage::SqliteUiStorage(const std::string& path) : db_(std::make_unique<Db>(path)) {
  migrate(*db_);
}

UserRecord SqliteUiStorage::create_user(const std::string& email, const std::string& hash,
                                        TimeMs now) {
  return with_db([&](Db& db) {
    try {
      db.prepare("INSERT INTO users (email, password_hash, created_at) VALUES (?,?,?)")
          .bind_all(email, hash, now)
          .run();
    } catch (const Error& e) {
      if (e.code() == ErrorCode::conflict)
        throw Error(ErrorCode::conflict, "user '" + email + "' already exists", "email");
      throw;
    }
    return UserRecord{db.last_insert_id(), email, hash, now};
  });
}

std::optional<UserRecord> SqliteUiStorage::find_user(const std::string& email) {
  return with_db([&](Db& db) -> std::optional<UserRecord> {
    auto s = db.prepare("SELECT id, email, password_hash, created_at FROM users WHERE email = ?");
    s.bind(1, email);
    if (!s.step()) return std::nullopt;
    return UserRecord{s.i64(0), s.text(1), s.text(2), s.i64(3)};
  });
}

void SqliteUiStorage::create_session(const SessionRecord& r) {
  with_db([&](Db& db) {
    // Expired sessions are cleared here, at login, so that reading pages never writes.
    db.prepare("DELETE FROM sessions WHERE expires_at <= ?").bind(1, r.created_at).run();
    db.prepare(
          "INSERT INTO sessions (token_hash, user_id, csrf_token, store_id, created_at, "
          "expires_at) VALUES (?,?,?,?,?,?)")
        .bind_all(r.token_hash, r.user_id, r.csrf_token, r.store_id, r.created_at, r.expires_at)
        .run();
    return 0;
  });
}

std::optional<SessionRecord> SqliteUiStorage::find_session(const std::string& token_hash,
                                                           TimeMs now) {
  return with_db([&](Db& db) -> std::optional<SessionRecord> {
    auto s = db.prepare(
        "SELECT s.token_hash, s.user_id, u.email, s.csrf_token, s.store_id, s.created_at, "
        "s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
        "WHERE s.token_hash = ? AND s.expires_at > ?");
    s.bind_all(token_hash, now);
    if (!s.step()) return std::nullopt;
    return SessionRecord{s.text(0), s.i64(1), s.text(2), s.text(3), s.i64(4), s.i64(5), s.i64(6)};
  });
}

void SqliteUiStorage::set_session_store(const std::string& token_hash, StoreId store) {
  with_db([&](Db& db) {
    db.prepare("UPDATE sessions SET store_id = ? WHERE token_hash = ?")
        .bind_all(store, token_hash)
        .run();
    return 0;
  });
}

void SqliteUiStorage::delete_session(const std::string& token_hash) {
  with_db([&](Db& db) {
    db.prepare("DELETE FROM sessions WHERE token_hash = ?").bind(1, token_hash).run();
    return 0;
  });
}

std::vector<TemplateRecord> SqliteUiStorage::all_templates(StoreId store) {
  return with_db([&](Db& db) {
    std::vector<TemplateRecord> out;
    auto s = db.prepare(std::string("SELECT ") + kTemplateColumns +
                        " FROM templates "
                        "WHERE store_id = ? ORDER BY key, channel, locale");
    s.bind(1, store);
    while (s.step()) out.push_back(read_template(s));
    return out;
  });
}

}  // namespace herald::store::sqlite
