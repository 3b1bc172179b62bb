// The suppression list and server-wide settings.
#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

void SqliteStorage::put_suppression(StoreId store, const Suppression& s) {
  write([&](Db& db) {
    db.prepare(
          "INSERT INTO suppressions (store_id, channel, address, reason, detail, source_message, "
          "created_at, expires_at) VALUES (?,?,?,?,?,?,?,?) "
          "ON CONFLICT (store_id, channel, address) DO UPDATE SET reason = excluded.reason, "
          "detail = excluded.detail, source_message = excluded.source_message, "
          "created_at = excluded.created_at, expires_at = excluded.expires_at")
        .bind_all(store, std::string(domain::to_string(s.channel)), s.address, s.reason, s.detail,
                  s.source_message, s.created_at, s.expires_at)
        .run();
  });
}

bool SqliteStorage::remove_suppression(StoreId store, domain::Channel channel,
                                       const std::string& address) {
  return write([&](Db& db) {
    db.prepare("DELETE FROM suppressions WHERE store_id = ? AND channel = ? AND address = ?")
        .bind_all(store, std::string(domain::to_string(channel)), address)
        .run();
    return db.changes() > 0;
  });
}

namespace {
Suppression read_suppression(Stmt& s) {
  Suppression x;
  x.channel = domain::parse_channel(s.text(0)).value_or(domain::Channel::email);
  x.address = s.text(1);
  x.reason = s.text(2);
  x.detail = s.text(3);
  x.source_message = s.text(4);
  x.created_at = s.i64(5);
  x.expires_at = s.i64(6);
  return x;
}
}  // namespace

std::vector<std::optional<Suppression>> SqliteStorage::find_suppressions(
    const std::vector<AddressKey>& addresses, TimeMs now) {
  return read([&](Db& db) {
    std::vector<std::optional<Suppression>> out;
    out.reserve(addresses.size());
    for (const auto& a : addresses) {
      auto s = db.prepare(
          "SELECT channel, address, reason, detail, source_message, created_at, expires_at "
          "FROM suppressions WHERE store_id = ? AND channel = ? AND address = ? "
          "AND (expires_at = 0 OR expires_at > ?)");
      s.bind_all(a.store_id, std::string(domain::to_string(a.channel)), a.address, now);
      out.push_back(s.step() ? std::optional(read_suppression(s)) : std::nullopt);
    }
    return out;
  });
}

std::vector<Suppression> SqliteStorage::list_suppressions(StoreId store, const std::string& address,
                                                          TimeMs now, int limit, int offset) {
  return read([&](Db& db) {
    std::vector<Suppression> out;
    auto s = db.prepare(
        "SELECT channel, address, reason, detail, source_message, created_at, expires_at "
        "FROM suppressions WHERE store_id = ? AND (? = '' OR address = ?) "
        "AND (expires_at = 0 OR expires_at > ?) ORDER BY created_at DESC, address "
        "LIMIT ? OFFSET ?");
    s.bind_all(store, address, address, now, limit, offset);
    while (s.step()) out.push_back(read_suppression(s));
    return out;
  });
}

std::optional<std::string> SqliteStorage::get_setting(const std::string& key) {
  return read([&](Db& db) -> std::optional<std::string> {
    auto s = db.prepare("SELECT value FROM server_settings WHERE key = ?");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    return s.text(0);
  });
}

std::string SqliteStorage::put_setting_once(const std::string& key, const std::string& value) {
  write([&](Db& db) {
    db.prepare("INSERT OR IGNORE INTO server_settings (key, value) VALUES (?, ?)")
        .bind_all(key, value)
        .run();
  });
  return *get_setting(key);
}

}  // namespace herald::store::sqlite
