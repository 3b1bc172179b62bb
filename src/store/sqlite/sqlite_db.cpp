#include "store/sqlite/sqlite_db.h"

#include <filesystem>

#include "common/error.h"

namespace herald::store::sqlite {

namespace {
// What a client may read of why a write failed (the detail with paths and SQL is logged only).
const char* cannot_write_reason(int primary) {
  switch (primary) {
    case SQLITE_FULL:
      return "the database cannot write: the disk is full; try again later";
    case SQLITE_READONLY:
      return "the database cannot write: its file or disk is read-only; try again later";
    default:
      return "the database cannot write: input/output error; try again later";
  }
}

[[noreturn]] void fail(sqlite3* db, const std::string& what) {
  int code = sqlite3_extended_errcode(db);
  int primary = code & 0xff;
  std::string detail = what + ": " + sqlite3_errmsg(db);
  if (primary == SQLITE_CONSTRAINT) throw Error(ErrorCode::conflict, "conflict", {}, detail);
  if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_READONLY)
    throw Error(ErrorCode::storage_unavailable, cannot_write_reason(primary), {}, detail);
  if (primary == SQLITE_BUSY)
    throw Error(ErrorCode::unavailable, "database unavailable", {}, detail);
  throw internal_error(detail);
}
}  // namespace

Stmt& Stmt::bind(int i, std::int64_t v) {
  if (sqlite3_bind_int64(stmt_, i, v) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

Stmt& Stmt::bind(int i, std::string_view v) {
  if (sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT) !=
      SQLITE_OK)
    fail(db_, "bind");
  return *this;
}

Stmt& Stmt::bind_null(int i) {
  if (sqlite3_bind_null(stmt_, i) != SQLITE_OK) fail(db_, "bind");
  return *this;
}

bool Stmt::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(db_, sqlite3_sql(stmt_));
}

std::string Stmt::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (!p) return {};
  return std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

Db::Db(const std::string& path, bool read_only) {
  int flags = read_only ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string detail = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(ErrorCode::unavailable, "cannot open the database", "storage.url",
                path + ": " + detail);
  }
  sqlite3_busy_timeout(db_, 10000);
  if (!read_only) exec("PRAGMA journal_mode=WAL");
  // FULL: a commit is on disk before Herald answers 2xx (group commit keeps this cheap).
  exec("PRAGMA synchronous=FULL");
  exec("PRAGMA foreign_keys=ON");
  exec("PRAGMA temp_store=MEMORY");
  exec("PRAGMA cache_size=-65536");
}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

void Db::set_full_sync(bool full) {
  if (full == full_sync_) return;
  exec(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  full_sync_ = full;
}

void Db::exec(const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    sqlite3_free(err);
    // A COMMIT on a full disk fails here: it must read as the disk, not as a bug.
    fail(db_, sql.substr(0, 80));
  }
}

Stmt Db::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
      fail(db_, "prepare: " + sql.substr(0, 120));
    it = cache_.emplace(sql, stmt).first;
  }
  return Stmt(db_, it->second);
}

void create_data_directory(const std::string& path) {
  auto dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    throw Error(ErrorCode::unavailable, "cannot create the data directory", "storage.url",
                dir.string() + ": " + ec.message());
}

Transaction::Transaction(Db& db, bool immediate) : db_(db) {
  db_.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace herald::store::sqlite
