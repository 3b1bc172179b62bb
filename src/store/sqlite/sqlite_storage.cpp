#include "store/sqlite/sqlite_storage.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "common/error.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_schema.h"

namespace herald::store::sqlite {

namespace {
constexpr const char* kStoreColumns =
    "id, slug, webhook_secret, name, default_country, default_locale, owner_email, logging, "
    "content_days, metadata_days, created_at, tracking";

StoreRecord read_store(Stmt& s) {
  StoreRecord r;
  r.id = s.i64(0);
  r.slug = s.text(1);
  r.webhook_secret = s.text(2);
  r.settings.name = s.text(3);
  r.settings.default_country = s.text(4);
  r.settings.default_locale = s.text(5);
  r.settings.owner_email = s.text(6);
  r.settings.logging = s.i32(7) != 0;
  r.settings.content_days = s.i32(8);
  r.settings.metadata_days = s.i32(9);
  r.created_at = s.i64(10);
  r.settings.tracking = s.i32(11) != 0;
  return r;
}
}  // namespace

SqliteStorage::SqliteStorage(const std::string& path, bool durable_on_close, std::string node_id)
    : node_id_(std::move(node_id)), path_(path), durable_on_close_(durable_on_close) {
  create_data_directory(path);
  writer_ = std::make_unique<Db>(path);
  migrate(*writer_);
}

std::shared_ptr<Db> SqliteStorage::borrow_reader() {
  std::unique_ptr<Db> db;
  {
    std::lock_guard lock(readers_mutex_);
    if (!idle_readers_.empty()) {
      db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
    }
  }
  if (!db) db = std::make_unique<Db>(path_);
  return std::shared_ptr<Db>(db.release(), [this](Db* d) {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.emplace_back(d);
  });
}

bool SqliteStorage::ping() {
  try {
    return read([](Db& db) { return db.prepare("SELECT 1").step(); });
  } catch (const std::exception&) {
    return false;
  }
}

SqliteStorage::WriteWatch::WriteWatch(SqliteStorage& s)
    : storage_(s),
      changes_before_(sqlite3_total_changes64(s.writer_->raw())),
      exceptions_before_(std::uncaught_exceptions()) {}

void SqliteStorage::WriteWatch::failed(const Error& e) {
  if (e.code() != ErrorCode::storage_unavailable) return;
  std::lock_guard lock(storage_.write_failure_mutex_);
  if (!storage_.write_failure_)
    spdlog::error("storage: writes fail: {} ({})", e.what(), e.detail());
  storage_.write_failure_ = e.what();
}

SqliteStorage::WriteWatch::~WriteWatch() {
  // A write that committed nothing (an empty claim) says nothing about the disk.
  if (std::uncaught_exceptions() != exceptions_before_) return;
  if (sqlite3_total_changes64(storage_.writer_->raw()) == changes_before_) return;
  std::lock_guard lock(storage_.write_failure_mutex_);
  if (storage_.write_failure_) spdlog::info("storage: writes work again");
  storage_.write_failure_.reset();
}

std::optional<std::string> SqliteStorage::write_failure() {
  std::lock_guard lock(write_failure_mutex_);
  return write_failure_;
}

void SqliteStorage::probe_write(TimeMs now) {
  try {
    write([&](Db& db) {
      db.prepare(
            "INSERT INTO server_settings (key, value) VALUES ('write_probe', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
          .bind(1, std::to_string(now))
          .run();
    });
  } catch (const std::exception&) {
    // write() has recorded why; the caller reads write_failure().
  }
}

StoreRecord SqliteStorage::create_store(const std::string& slug, const std::string& key_hash,
                                        const std::string& webhook_secret, const StoreSettings& st,
                                        TimeMs now) {
  write([&](Db& db) {
    try {
      db.prepare(
            "INSERT INTO stores (slug, api_key_hash, webhook_secret, name, default_country, "
            "default_locale, owner_email, logging, content_days, metadata_days, created_at, "
            "tracking) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
          .bind_all(slug, key_hash, webhook_secret, st.name, st.default_country, st.default_locale,
                    st.owner_email, st.logging ? 1 : 0, st.content_days, st.metadata_days, now,
                    st.tracking ? 1 : 0)
          .run();
    } catch (const Error& e) {
      if (e.code() == ErrorCode::conflict)
        throw Error(ErrorCode::conflict, "store '" + slug + "' already exists", "slug");
      throw;
    }
  });
  return *find_store_by_slug(slug);
}

std::optional<StoreRecord> SqliteStorage::find_store_where(const std::string& where,
                                                           const std::function<void(Stmt&)>& bind) {
  return read([&](Db& db) -> std::optional<StoreRecord> {
    auto s = db.prepare(std::string("SELECT ") + kStoreColumns + " FROM stores WHERE " + where);
    bind(s);
    if (!s.step()) return std::nullopt;
    return read_store(s);
  });
}

std::vector<StoreRecord> SqliteStorage::list_stores() {
  return read([&](Db& db) {
    std::vector<StoreRecord> out;
    auto s = db.prepare(std::string("SELECT ") + kStoreColumns + " FROM stores ORDER BY id");
    while (s.step()) out.push_back(read_store(s));
    return out;
  });
}

std::optional<StoreRecord> SqliteStorage::find_store_by_key_hash(const std::string& key_hash) {
  return find_store_where("api_key_hash = ?", [&](Stmt& s) { s.bind(1, key_hash); });
}

std::optional<StoreRecord> SqliteStorage::find_store(StoreId id) {
  return find_store_where("id = ?", [&](Stmt& s) { s.bind(1, id); });
}

std::optional<StoreRecord> SqliteStorage::find_store_by_slug(const std::string& slug) {
  return find_store_where("slug = ?", [&](Stmt& s) { s.bind(1, slug); });
}

void SqliteStorage::set_store_key_hash(StoreId id, const std::string& key_hash) {
  write([&](Db& db) {
    db.prepare("UPDATE stores SET api_key_hash=? WHERE id=?").bind_all(key_hash, id).run();
  });
}

void SqliteStorage::update_store_settings(StoreId id, const StoreSettings& st) {
  write([&](Db& db) {
    db.prepare(
          "UPDATE stores SET name=?, default_country=?, default_locale=?, owner_email=?, "
          "logging=?, content_days=?, metadata_days=?, tracking=? WHERE id=?")
        .bind_all(st.name, st.default_country, st.default_locale, st.owner_email,
                  st.logging ? 1 : 0, st.content_days, st.metadata_days, st.tracking ? 1 : 0, id)
        .run();
  });
}

void SqliteStorage::put_template(StoreId store, const TemplateRecord& t) {
  write([&](Db& db) {
    db.prepare(
          "INSERT INTO templates (store_id, key, channel, locale, subject, html, text, sms, "
          "updated_at) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT (store_id, key, channel, locale) "
          "DO UPDATE SET subject=excluded.subject, html=excluded.html, text=excluded.text, "
          "sms=excluded.sms, updated_at=excluded.updated_at")
        .bind_all(store, t.key, domain::to_string(t.channel), t.locale, t.subject, t.html, t.text,
                  t.sms, t.updated_at)
        .run();
  });
}

std::vector<TemplateRecord> SqliteStorage::list_templates(StoreId store, const std::string& key) {
  return read([&](Db& db) {
    std::vector<TemplateRecord> out;
    auto s = db.prepare(std::string("SELECT ") + kTemplateColumns +
                        " FROM templates "
                        "WHERE store_id = ? AND key = ? ORDER BY channel, locale");
    s.bind_all(store, key);
    while (s.step()) out.push_back(read_template(s));
    return out;
  });
}

SqliteStorage::~SqliteStorage() {
  if (!durable_on_close_) return;
  // A synced checkpoint: what was written is now on disk. Should it fail, the commits are still
  // in the write-ahead log and the next open finds them.
  try {
    std::lock_guard lock(writer_mutex_);
    writer_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
  } catch (const std::exception& e) {
    spdlog::warn("storage: closing {}: {}", path_, e.what());
  }
}
TemplateRecord read_template(Stmt& s) {
  TemplateRecord t;
  t.key = s.text(0);
  t.channel = domain::parse_channel(s.text(1)).value_or(domain::Channel::email);
  t.locale = s.text(2);
  t.subject = s.text(3);
  t.html = s.text(4);
  t.text = s.text(5);
  t.sms = s.text(6);
  t.updated_at = s.i64(7);
  return t;
}

}  // namespace herald::store::sqlite
