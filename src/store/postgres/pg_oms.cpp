// The OMS connector's settings, call log and reported statuses.
#include <string>
#include <string_view>

#include "common/error.h"
#include "store/postgres/pg_oms_storage.h"
#include "store/postgres/pg_pool.h"

namespace herald::store::postgres {

namespace {
// Settings reads and log lines: a few connections suffice.
constexpr int kPoolSize = 4;

class PgOmsStorage final : public OmsStorage {
 public:
  explicit PgOmsStorage(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

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
  std::int64_t purge_in_batches(std::string_view table, std::string_view time_column, StoreId store,
                                TimeMs before, bool dry_run);
  template <typename Fn>
  auto with(Fn&& fn) {
    return pool_->with(std::forward<Fn>(fn));
  }
  std::shared_ptr<Pool> pool_;
};

constexpr const char* kSettingsColumns =
    "provider, api_url, affiliate_id, sealed_token, sealed_secret, safety_stock, "
    "inventory_sync_minutes, enabled, updated_at";
constexpr const char* kCallColumns = "id, at, method, path, status, ms, error, order_id";
// Rows removed per transaction, so the log's writers wait at most one batch.
constexpr int kPurgeBatch = 2000;
}  // namespace

// The store's rows of `table` whose `time_column` is before the cut-off, deleted a batch per
// transaction by the rows' places (ctid): matched by key or id, each batch was hash-joined to the
// whole table.
std::int64_t PgOmsStorage::purge_in_batches(std::string_view table, std::string_view time_column,
                                            StoreId store, TimeMs before, bool dry_run) {
  const std::string t(table);
  const std::string older = " WHERE store_id = $1 AND " + std::string(time_column) + " < $2";
  // Planned for the cut-off each time: a generic plan takes a third of the rows to be older than
  // any cut-off, and reads the whole table instead of an index by age.
  if (dry_run)
    return with([&](Conn& db) {
      return db.exec_replanned("SELECT COUNT(*) FROM " + t + older, store, before).i64(0, 0);
    });
  const std::string delete_sql =
      "DELETE FROM " + t + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + t + older + " LIMIT $3))";
  std::int64_t done = 0;
  for (;;) {
    const auto n = with([&](Conn& db) {
      return static_cast<std::int64_t>(
          db.exec_replanned(delete_sql, store, before, kPurgeBatch).affected());
    });
    done += n;
    if (n < kPurgeBatch) return done;
  }
}

std::int64_t PgOmsStorage::purge_oms_calls(StoreId store, TimeMs before, bool dry_run) {
  return purge_in_batches("oms_calls", "at", store, before, dry_run);
}

std::int64_t PgOmsStorage::purge_oms_statuses(StoreId store, TimeMs before, bool dry_run) {
  return purge_in_batches("oms_statuses", "received_at", store, before, dry_run);
}

std::optional<OmsSettingsRow> PgOmsStorage::get_oms_settings(StoreId store) {
  return with([&](Conn& db) -> std::optional<OmsSettingsRow> {
    auto r = db.exec(
        std::string("SELECT ") + kSettingsColumns + " FROM oms_settings WHERE store_id = $1",
        store);
    if (r.rows() == 0) return std::nullopt;
    return OmsSettingsRow{r.text(0, 0), r.text(0, 1), r.text(0, 2),     r.text(0, 3), r.text(0, 4),
                          r.i64(0, 5),  r.i32(0, 6),  r.i32(0, 7) != 0, r.i64(0, 8)};
  });
}

void PgOmsStorage::put_oms_settings(StoreId store, const OmsSettingsRow& s) {
  with([&](Conn& db) {
    db.exec(std::string("INSERT INTO oms_settings (store_id, ") + kSettingsColumns +
                ") VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (store_id) DO UPDATE SET "
                "provider = excluded.provider, api_url = excluded.api_url, "
                "affiliate_id = excluded.affiliate_id, sealed_token = excluded.sealed_token, "
                "sealed_secret = excluded.sealed_secret, safety_stock = excluded.safety_stock, "
                "inventory_sync_minutes = excluded.inventory_sync_minutes, "
                "enabled = excluded.enabled, updated_at = excluded.updated_at",
            store, s.provider, s.api_url, s.affiliate_id, s.sealed_token, s.sealed_secret,
            s.safety_stock, s.inventory_sync_minutes, s.enabled ? 1 : 0, s.updated_at);
  });
}

std::vector<StoreId> PgOmsStorage::stores_with_oms_enabled() {
  return with([&](Conn& db) {
    std::vector<StoreId> out;
    auto r = db.exec("SELECT store_id FROM oms_settings WHERE enabled = 1 ORDER BY store_id");
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.i64(i, 0));
    return out;
  });
}

std::vector<SealedOmsCredentials> PgOmsStorage::sealed_oms_credentials() {
  return with([&](Conn& db) {
    std::vector<SealedOmsCredentials> out;
    auto r =
        db.exec("SELECT store_id, sealed_token, sealed_secret FROM oms_settings ORDER BY store_id");
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.i64(i, 0), r.text(i, 1), r.text(i, 2)});
    return out;
  });
}

bool PgOmsStorage::replace_sealed_oms_credentials(const std::vector<SealedOmsCredentials>& was,
                                                  const std::vector<SealedOmsCredentials>& now) {
  if (was.size() != now.size()) throw internal_error("re-sealed credentials do not match");
  return with([&](Conn& db) {
    Transaction tx(db);
    for (std::size_t i = 0; i < was.size(); ++i) {
      if (was[i].store_id != now[i].store_id)
        throw internal_error("re-sealed credentials do not match");
      auto r = db.exec(
          "UPDATE oms_settings SET sealed_token = $1, sealed_secret = $2 WHERE store_id = $3 "
          "AND sealed_token = $4 AND sealed_secret = $5",
          now[i].sealed_token, now[i].sealed_secret, was[i].store_id, was[i].sealed_token,
          was[i].sealed_secret);
      if (r.affected() != 1) return false;  // the transaction rolls back
    }
    tx.commit();
    return true;
  });
}

void PgOmsStorage::add_oms_call(StoreId store, const OmsCall& c) {
  with([&](Conn& db) {
    db.exec(
        "INSERT INTO oms_calls (store_id, at, method, path, status, ms, error, order_id) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
        store, c.at, c.method, c.path, c.status, c.ms, c.error, c.order_id);
  });
}

std::vector<OmsCall> PgOmsStorage::list_oms_calls(StoreId store, int limit,
                                                  std::optional<std::int64_t> before) {
  return with([&](Conn& db) {
    std::vector<OmsCall> out;
    auto r = db.exec(std::string("SELECT ") + kCallColumns +
                         " FROM oms_calls WHERE store_id = $1 AND id < $2 ORDER BY id DESC "
                         "LIMIT $3",
                     store, before.value_or(INT64_MAX), limit);
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({r.i64(i, 0), r.i64(i, 1), r.text(i, 2), r.text(i, 3), r.i32(i, 4), r.i64(i, 5),
                     r.text(i, 6), r.text(i, 7)});
    return out;
  });
}

bool PgOmsStorage::add_oms_status(StoreId store, const OmsStatusEntry& e) {
  return with([&](Conn& db) {
    return db.exec(
                 "INSERT INTO oms_statuses (store_id, event_id, order_id, shipment_id, status, "
                 "at, received_at) VALUES ($1,$2,$3,$4,$5,$6,$7) "
                 "ON CONFLICT (store_id, event_id) DO NOTHING",
                 store, e.event_id, e.order_id, e.shipment_id, e.status, e.at, e.received_at)
               .affected() > 0;
  });
}

std::vector<OmsStatusEntry> PgOmsStorage::oms_statuses(StoreId store, const std::string& order_id) {
  return with([&](Conn& db) {
    std::vector<OmsStatusEntry> out;
    auto r = db.exec(
        "SELECT s.event_id, s.order_id, s.shipment_id, s.status, s.at, s.received_at, "
        "COALESCE(e.type, '') FROM oms_statuses s LEFT JOIN events e "
        "ON e.store_id = s.store_id AND e.event_id = s.event_id "
        "WHERE s.store_id = $1 AND s.order_id = $2 ORDER BY s.at, s.received_at, s.event_id",
        store, order_id);
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.i64(i, 4),
                     r.i64(i, 5), r.text(i, 6)});
    return out;
  });
}

std::unique_ptr<OmsStorage> open_oms_storage(const std::string& url) {
  return std::make_unique<PgOmsStorage>(std::make_shared<Pool>(url, kPoolSize));
}

}  // namespace herald::store::postgres
