// Stores and their settings, server-wide settings, templates.
#include <spdlog/spdlog.h>

#include "common/error.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_storage.h"

namespace herald::store::postgres {

namespace {
constexpr const char* kStoreColumns =
    "id, slug, webhook_secret, name, default_country, default_locale, owner_email, logging, "
    "content_days, metadata_days, created_at, tracking";

StoreRecord read_store(const Result& s, int r) {
  StoreRecord x;
  x.id = s.i64(r, 0);
  x.slug = s.text(r, 1);
  x.webhook_secret = s.text(r, 2);
  x.settings.name = s.text(r, 3);
  x.settings.default_country = s.text(r, 4);
  x.settings.default_locale = s.text(r, 5);
  x.settings.owner_email = s.text(r, 6);
  x.settings.logging = s.i32(r, 7) != 0;
  x.settings.content_days = s.i32(r, 8);
  x.settings.metadata_days = s.i32(r, 9);
  x.created_at = s.i64(r, 10);
  x.settings.tracking = s.i32(r, 11) != 0;
  return x;
}
}  // namespace

bool PgStorage::ping() {
  try {
    return with([](Conn& db) { return db.exec("SELECT 1").rows() == 1; });
  } catch (const std::exception&) {
    return false;
  }
}

void PgStorage::note_write_failure(const Error& e) {
  std::lock_guard lock(write_failure_mutex_);
  if (!write_failure_) spdlog::error("storage: writes fail: {} ({})", e.what(), e.detail());
  write_failure_ = e.what();
}

std::optional<std::string> PgStorage::write_failure() {
  std::lock_guard lock(write_failure_mutex_);
  return write_failure_;
}

void PgStorage::probe_write(TimeMs now) {
  try {
    with([&](Conn& db) {
      db.exec(
          "INSERT INTO server_settings (key, value) VALUES ('write_probe', $1) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
          std::to_string(now));
    });
    std::lock_guard lock(write_failure_mutex_);
    if (write_failure_) spdlog::info("storage: writes work again");
    write_failure_.reset();
  } catch (const std::exception&) {
    // with() has recorded why when the server could not write; the caller reads write_failure().
  }
}

StoreRecord PgStorage::create_store(const std::string& slug, const std::string& key_hash,
                                    const std::string& webhook_secret, const StoreSettings& st,
                                    TimeMs now) {
  try {
    with([&](Conn& db) {
      db.exec(
          "INSERT INTO stores (slug, api_key_hash, webhook_secret, name, default_country, "
          "default_locale, owner_email, logging, content_days, metadata_days, created_at, "
          "tracking) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
          slug, key_hash, webhook_secret, st.name, st.default_country, st.default_locale,
          st.owner_email, st.logging ? 1 : 0, st.content_days, st.metadata_days, now,
          st.tracking ? 1 : 0);
    });
  } catch (const Error& e) {
    if (e.code() == ErrorCode::conflict)
      throw Error(ErrorCode::conflict, "store '" + slug + "' already exists", "slug");
    throw;
  }
  return *find_store_by_slug(slug);
}

std::optional<StoreRecord> PgStorage::find_store_where(const std::string& where,
                                                       const Param& value) {
  return with([&](Conn& db) -> std::optional<StoreRecord> {
    auto s = db.exec_params(std::string("SELECT ") + kStoreColumns + " FROM stores WHERE " + where,
                            {value});
    if (s.rows() == 0) return std::nullopt;
    return read_store(s, 0);
  });
}

std::vector<StoreRecord> PgStorage::list_stores() {
  return with([&](Conn& db) {
    std::vector<StoreRecord> out;
    auto s = db.exec(std::string("SELECT ") + kStoreColumns + " FROM stores ORDER BY id");
    for (int r = 0; r < s.rows(); ++r) out.push_back(read_store(s, r));
    return out;
  });
}

std::optional<StoreRecord> PgStorage::find_store_by_key_hash(const std::string& key_hash) {
  return find_store_where("api_key_hash = $1", key_hash);
}

std::optional<StoreRecord> PgStorage::find_store(StoreId id) {
  return find_store_where("id = $1", to_param(id));
}

std::optional<StoreRecord> PgStorage::find_store_by_slug(const std::string& slug) {
  return find_store_where("slug = $1", slug);
}

void PgStorage::set_store_key_hash(StoreId id, const std::string& key_hash) {
  with([&](Conn& db) { db.exec("UPDATE stores SET api_key_hash=$1 WHERE id=$2", key_hash, id); });
}

void PgStorage::update_store_settings(StoreId id, const StoreSettings& st) {
  with([&](Conn& db) {
    db.exec(
        "UPDATE stores SET name=$1, default_country=$2, default_locale=$3, owner_email=$4, "
        "logging=$5, content_days=$6, metadata_days=$7, tracking=$8 WHERE id=$9",
        st.name, st.default_country, st.default_locale, st.owner_email, st.logging ? 1 : 0,
        st.content_days, st.metadata_days, st.tracking ? 1 : 0, id);
  });
}

std::optional<std::string> PgStorage::get_setting(const std::string& key) {
  return with([&](Conn& db) -> std::optional<std::string> {
    auto s = db.exec("SELECT value FROM server_settings WHERE key = $1", key);
    if (s.rows() == 0) return std::nullopt;
    return s.text(0, 0);
  });
}

std::string PgStorage::put_setting_once(const std::string& key, const std::string& value) {
  with([&](Conn& db) {
    db.exec("INSERT INTO server_settings (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING", key,
            value);
  });
  return *get_setting(key);
}

void PgStorage::put_template(StoreId store, const TemplateRecord& t) {
  with([&](Conn& db) {
    db.exec(
        "INSERT INTO templates (store_id, key, channel, locale, subject, html, text, sms, "
        "updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) "
        "ON CONFLICT (store_id, key, channel, locale) DO UPDATE SET subject=excluded.subject, "
        "html=excluded.html, text=excluded.text, sms=excluded.sms, updated_at=excluded.updated_at",
        store, t.key, domain::to_string(t.channel), t.locale, t.subject, t.html, t.text, t.sms,
        t.updated_at);
  });
}

std::vector<TemplateRecord> PgStorage::list_templates(StoreId store, const std::string& key) {
  return with([&](Conn& db) {
    std::vector<TemplateRecord> out;
    auto s = db.exec(std::string("SELECT ") + kTemplateColumns +
                         " FROM templates WHERE store_id = $1 AND key = $2 "
                         "ORDER BY channel COLLATE \"C\", locale COLLATE \"C\"",
                     store, key);
    for (int r = 0; r < s.rows(); ++r) out.push_back(read_template(s, r));
    return out;
  });
}

}  // namespace herald::store::postgres
