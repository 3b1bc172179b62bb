// The OMS connector's settings, call log and reported statuses.
#include <mutex>

#include "common/error.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_oms_storage.h"

namespace herald::store::sqlite {

namespace {
class SqliteOmsStorage final : public OmsStorage {
 public:
  explicit SqliteOmsStorage(const std::string& path) : db_(std::make_unique<Db>(path)) {}

  std::optional<OmsSettingsRow> get_oms_settings(StoreId store) override;
  void put_oms_settings(StoreId store, const OmsSettingsRow& s) override;
  std::vector<StoreId> stores_with_oms_enabled() override;
  std::vector<SealedOmsCredentials> sealed_oms_credentials() override;
  bool replace_sealed_oms_credentials(const std::vector<SealedOmsCredentials>& was,
                                      const std::vector<SealedOmsCredentials>& now) override;
  bool add_oms_status(StoreId store, const OmsStatusEntry& e) override;
  std::vector<OmsStatusEntry> oms_statuses(StoreId store, const std::string& order_id) override;
  std::int64_t purge_oms_statuses(StoreId store, TimeMs before, bool dry_run) override;
  void add_oms_call(StoreId store, const OmsCall& c) override;
  std::vector<OmsCall> list_oms_calls(StoreId store, int limit,
                                      std::optional<std::int64_t> before) override;
  std::int64_t purge_oms_calls(StoreId store, TimeMs before, bool dry_run) override;

 private:
  std::int64_t purge_in_batches(const char* count_sql, const char* delete_sql, StoreId store,
                                TimeMs before, bool dry_run);
  template <typename Fn>
  auto with_db(Fn&& fn) {
    std::lock_guard lock(mutex_);
    return fn(*db_);
  }
  std::mutex mutex_;
  std::unique_ptr<Db> db_;
};

constexpr const char* kSettingsColumns =
    "provider, api_url, affiliate_id, sealed_token, sealed_secret, safety_stock, "
    "inventory_sync_minutes, enabled, updated_at";
constexpr const char* kCallColumns = "id, at, method, path, status, ms, error, order_id";
// Rows removed per transaction, so the log's writers wait at most one batch.
constexpr int kPurgeBatch = 2000;
}  // namespace

std::int64_t SqliteOmsStorage::purge_in_batches(const char* count_sql, const char* delete_sql,
                                                StoreId store, TimeMs before, bool dry_run) {
  if (dry_run)
    return with_db([&](Db& db) {
      auto s = db.prepare(count_sql);
      s.bind_all(store, before);
      return s.step() ? s.i64(0) : std::int64_t{0};
    });
  std::int64_t done = 0;
  for (;;) {
    const auto n = with_db([&](Db& db) {
      db.prepare(delete_sql).bind_all(store, before, kPurgeBatch).run();
      return static_cast<std::int64_t>(db.changes());
    });
    done += n;
    if (n < kPurgeBatch) return done;
  }
}

std::int64_t SqliteOmsStorage::purge_oms_calls(StoreId store, TimeMs before, bool dry_run) {
  return purge_in_batches(
      "SELECT COUNT(*) FROM oms_calls WHERE store_id = ?1 AND at < ?2",
      "DELETE FROM oms_calls WHERE id IN (SELECT id FROM oms_calls WHERE store_id = ?1 "
      "AND at < ?2 LIMIT ?3)",
      store, before, dry_run);
}

std::int64_t SqliteOmsStorage::purge_oms_statuses(StoreId store, TimeMs before, bool dry_run) {
  return purge_in_batches(
      "SELECT COUNT(*) FROM oms_statuses WHERE store_id = ?1 AND received_at < ?2",
      "DELETE FROM oms_statuses WHERE store_id = ?1 AND event_id IN (SELECT event_id FROM "
      "oms_statuses WHERE store_id = ?1 AND received_at < ?2 LIMIT ?3)",
      store, before, dry_run);
}

std::optional<OmsSettingsRow> SqliteOmsStorage::get_oms_settings(StoreId store) {
  return with_db([&](Db& db) -> std::optional<OmsSettingsRow> {
    auto s = db.prepare(std::string("SELECT ") + kSettingsColumns +
                        " FROM oms_settings WHERE store_id = ?");
    s.bind(1, store);
    if (!s.step()) return std::nullopt;
    return OmsSettingsRow{s.text(0), s.text(1), s.text(2),     s.text(3), s.text(4),
                          s.i64(5),  s.i32(6),  s.i32(7) != 0, s.i64(8)};
  });
}

void SqliteOmsStorage::put_oms_settings(StoreId store, const OmsSettingsRow& r) {
  with_db([&](Db& db) {
    db.prepare(std::string("INSERT INTO oms_settings (store_id, ") + kSettingsColumns +
               ") VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT (store_id) DO UPDATE SET "
               "provider = excluded.provider, api_url = excluded.api_url, "
               "affiliate_id = excluded.affiliate_id, sealed_token = excluded.sealed_token, "
               "sealed_secret = excluded.sealed_secret, safety_stock = excluded.safety_stock, "
               "inventory_sync_minutes = excluded.inventory_sync_minutes, "
               "enabled = excluded.enabled, updated_at = excluded.updated_at")
        .bind_all(store, r.provider, r.api_url, r.affiliate_id, r.sealed_token, r.sealed_secret,
                  r.safety_stock, r.inventory_sync_minutes, r.enabled ? 1 : 0, r.updated_at)
        .run();
  });
}

std::vector<StoreId> SqliteOmsStorage::stores_with_oms_enabled() {
  return with_db([&](Db& db) {
    std::vector<StoreId> out;
    auto s = db.prepare("SELECT store_id FROM oms_settings WHERE enabled = 1 ORDER BY store_id");
    while (s.step()) out.push_back(s.i64(0));
    return out;
  });
}

std::vector<SealedOmsCredentials> SqliteOmsStorage::sealed_oms_credentials() {
  return with_db([&](Db& db) {
    std::vector<SealedOmsCredentials> out;
    auto s = db.prepare(
        "SELECT store_id, sealed_token, sealed_secret FROM oms_settings ORDER BY store_id");
    while (s.step()) out.push_back({s.i64(0), s.text(1), s.text(2)});
    return out;
  });
}

bool SqliteOmsStorage::replace_sealed_oms_credentials(
    const std::vector<SealedOmsCredentials>& was, const std::vector<SealedOmsCredentials>& now) {
  if (was.size() != now.size()) throw internal_error("re-sealed credentials do not match");
  return with_db([&](Db& db) {
    Transaction tx(db);
    for (std::size_t i = 0; i < was.size(); ++i) {
      if (was[i].store_id != now[i].store_id)
        throw internal_error("re-sealed credentials do not match");
      db.prepare(
            "UPDATE oms_settings SET sealed_token = ?, sealed_secret = ? WHERE store_id = ? AND "
            "sealed_token = ? AND sealed_secret = ?")
          .bind_all(now[i].sealed_token, now[i].sealed_secret, was[i].store_id, was[i].sealed_token,
                    was[i].sealed_secret)
          .run();
      if (db.changes() != 1) return false;  // the transaction rolls back
    }
    tx.commit();
    return true;
  });
}

void SqliteOmsStorage::add_oms_call(StoreId store, const OmsCall& c) {
  with_db([&](Db& db) {
    db.prepare(
          "INSERT INTO oms_calls (store_id, at, method, path, status, ms, error, order_id) "
          "VALUES (?,?,?,?,?,?,?,?)")
        .bind_all(store, c.at, c.method, c.path, c.status, c.ms, c.error, c.order_id)
        .run();
  });
}

std::vector<OmsCall> SqliteOmsStorage::list_oms_calls(StoreId store, int limit,
                                                      std::optional<std::int64_t> before) {
  return with_db([&](Db& db) {
    std::vector<OmsCall> out;
    auto s = db.prepare(std::string("SELECT ") + kCallColumns +
                        " FROM oms_calls WHERE store_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
    s.bind_all(store, before.value_or(INT64_MAX), limit);
    while (s.step())
      out.push_back(
          {s.i64(0), s.i64(1), s.text(2), s.text(3), s.i32(4), s.i64(5), s.text(6), s.text(7)});
    return out;
  });
}

bool SqliteOmsStorage::add_oms_status(StoreId store, const OmsStatusEntry& e) {
  return with_db([&](Db& db) {
    db.prepare(
          "INSERT INTO oms_statuses (store_id, event_id, order_id, shipment_id, status, at, "
          "received_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT (store_id, event_id) DO NOTHING")
        .bind_all(store, e.event_id, e.order_id, e.shipment_id, e.status, e.at, e.received_at)
        .run();
    return db.changes() > 0;
  });
}

std::vector<OmsStatusEntry> SqliteOmsStorage::oms_statuses(StoreId store,
                                                           const std::string& order_id) {
  return with_db([&](Db& db) {
    std::vector<OmsStatusEntry> out;
    auto s = db.prepare(
        "SELECT s.event_id, s.order_id, s.shipment_id, s.status, s.at, s.received_at, "
        "COALESCE(e.type, '') FROM oms_statuses s LEFT JOIN events e "
        "ON e.store_id = s.store_id AND e.event_id = s.event_id "
        "WHERE s.store_id = ? AND s.order_id = ? ORDER BY s.at, s.received_at, s.event_id");
    s.bind_all(store, order_id);
    while (s.step())
      out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.i64(4), s.i64(5), s.text(6)});
    return out;
  });
}

std::unique_ptr<OmsStorage> open_oms_storage(const std::string& path) {
  return std::make_unique<SqliteOmsStorage>(path);
}

}  // namespace herald::store::sqlite
