#include "store/sqlite/sqlite_table_rows.h"

#include <algorithm>
#include <unordered_map>

#include "common/error.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_schema.h"

namespace herald::store::sqlite {

namespace {
// A statement owned here (not the Db's cache): a reader keeps its own while others run.
class OwnStmt {
 public:
  OwnStmt(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK)
      fail(sql);
  }
  OwnStmt(const OwnStmt&) = delete;
  OwnStmt& operator=(const OwnStmt&) = delete;
  ~OwnStmt() { sqlite3_finalize(stmt_); }

  sqlite3_stmt* get() const { return stmt_; }
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(sqlite3_sql(stmt_));
  }
  [[noreturn]] void fail(const std::string& what) const {
    const int primary = sqlite3_extended_errcode(db_) & 0xff;
    const std::string detail = what.substr(0, 160) + ": " + sqlite3_errmsg(db_);
    if (primary == SQLITE_CONSTRAINT)
      throw Error(ErrorCode::conflict, "a row breaks a constraint of the table", {}, detail);
    if (primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_READONLY ||
        primary == SQLITE_BUSY)
      throw Error(ErrorCode::unavailable, "the database cannot be written", {}, detail);
    throw internal_error(detail);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string column_list(const std::vector<std::string>& columns) {
  std::string list;
  for (const auto& c : columns) list += (list.empty() ? "" : ", ") + sql_identifier(c);
  return list;
}

class SqliteRowReader : public RowReader {
 public:
  SqliteRowReader(sqlite3* db, const std::string& sql) : stmt_(db, sql) {}

  bool next(Row& row) override {
    if (!stmt_.step()) return false;
    sqlite3_stmt* s = stmt_.get();
    const int n = sqlite3_column_count(s);
    row.resize(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      auto& cell = row[static_cast<std::size_t>(i)];
      switch (sqlite3_column_type(s, i)) {
        case SQLITE_INTEGER:
          cell.kind = Cell::Kind::integer;
          cell.integer = sqlite3_column_int64(s, i);
          break;
        case SQLITE_FLOAT:
          cell.kind = Cell::Kind::real;
          cell.real = sqlite3_column_double(s, i);
          break;
        case SQLITE_TEXT: {
          cell.kind = Cell::Kind::text;
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
          cell.bytes.assign(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
          break;
        }
        case SQLITE_BLOB: {
          cell.kind = Cell::Kind::blob;
          const auto* p = static_cast<const char*>(sqlite3_column_blob(s, i));
          cell.bytes.assign(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
          break;
        }
        default:
          cell.kind = Cell::Kind::null;
      }
    }
    return true;
  }

 private:
  OwnStmt stmt_;
};

class SqliteTableRows : public TableRows {
 public:
  SqliteTableRows(const std::string& path, TableRowsRole role)
      : TableRows("sqlite"), db_(path, role == TableRowsRole::source) {}

  ~SqliteTableRows() override {
    inserts_.clear();
    if (in_transaction_) sqlite3_exec(db_.raw(), "ROLLBACK", nullptr, nullptr, nullptr);
  }

  int schema_version() override {
    if (!exists("schema_migrations")) return 0;
    OwnStmt s(db_.raw(), "SELECT coalesce(max(version), 0) FROM schema_migrations");
    return s.step() ? sqlite3_column_int(s.get(), 0) : 0;
  }
  int current_schema_version() const override { return sqlite::schema_version(); }
  void migrate() override { sqlite::migrate(db_); }

  std::vector<TableShape> tables() override {
    std::vector<TableShape> shapes;
    {
      // Virtual tables (the subject index) and their shadow tables are derived, not rows.
      OwnStmt s(db_.raw(),
                "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name");
      while (s.step())
        shapes.push_back({reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0))});
    }
    for (auto& t : shapes) {
      std::vector<std::pair<int, std::string>> key;
      OwnStmt cols(db_.raw(), "SELECT name, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid");
      sqlite3_bind_text(cols.get(), 1, t.name.c_str(), -1, SQLITE_TRANSIENT);
      while (cols.step()) {
        if (sqlite3_column_int(cols.get(), 2) != 0) continue;  // generated or hidden
        std::string name = reinterpret_cast<const char*>(sqlite3_column_text(cols.get(), 0));
        if (const int pk = sqlite3_column_int(cols.get(), 1); pk > 0) key.emplace_back(pk, name);
        t.columns.push_back(std::move(name));
      }
      std::sort(key.begin(), key.end());
      for (auto& [_, name] : key) t.key.push_back(name);
      OwnStmt refs(db_.raw(), "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)");
      sqlite3_bind_text(refs.get(), 1, t.name.c_str(), -1, SQLITE_TRANSIENT);
      while (refs.step())
        t.references.emplace_back(
            reinterpret_cast<const char*>(sqlite3_column_text(refs.get(), 0)));
    }
    return shapes;
  }

  std::int64_t count(const std::string& table) override {
    OwnStmt s(db_.raw(), "SELECT count(*) FROM " + sql_identifier(table));
    return s.step() ? sqlite3_column_int64(s.get(), 0) : 0;
  }

  void begin_reading() override {
    db_.exec("BEGIN");
    in_transaction_ = true;
    // A read transaction starts at its first read: this one fixes the snapshot now.
    OwnStmt(db_.raw(), "SELECT count(*) FROM sqlite_schema").step();
  }

  std::unique_ptr<RowReader> read(const TableShape& table,
                                  const std::vector<std::string>& columns) override {
    std::string sql = "SELECT " + column_list(columns) + " FROM " + sql_identifier(table.name);
    if (!table.key.empty()) sql += " ORDER BY " + column_list(table.key);
    return std::make_unique<SqliteRowReader>(db_.raw(), sql);
  }

  void begin_writing() override {
    db_.exec("BEGIN IMMEDIATE");
    in_transaction_ = true;
  }

  void write(const TableShape& table, const std::vector<std::string>& columns,
             const std::vector<Row>& rows) override {
    auto& insert = insert_for(table.name, columns);
    const auto& text = text_columns(table.name, columns);
    sqlite3_stmt* s = insert->get();
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i)
        bind(s, static_cast<int>(i) + 1, row[i], text[i]);
      insert->step();
      sqlite3_reset(s);
    }
  }

  void finish_writing() override {
    // The subject index (FTS5 over messages.subject) is rebuilt from the copied messages.
    std::vector<std::string> indexes;
    {
      OwnStmt s(db_.raw(),
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                "sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'");
      while (s.step())
        indexes.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
    }
    for (const auto& t : indexes)
      db_.exec("INSERT INTO " + sql_identifier(t) + " (" + sql_identifier(t) +
               ") VALUES ('rebuild')");
    inserts_.clear();
    db_.exec("COMMIT");
    in_transaction_ = false;
  }

 private:
  bool exists(const std::string& table) {
    OwnStmt s(db_.raw(), "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
    sqlite3_bind_text(s.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
    return s.step();
  }

  std::unique_ptr<OwnStmt>& insert_for(const std::string& table,
                                       const std::vector<std::string>& columns) {
    auto& stmt = inserts_[table];
    if (!stmt) {
      std::string marks;
      for (std::size_t i = 0; i < columns.size(); ++i) marks += i ? ", ?" : "?";
      stmt = std::make_unique<OwnStmt>(db_.raw(), "INSERT INTO " + sql_identifier(table) + " (" +
                                                      column_list(columns) + ") VALUES (" + marks +
                                                      ")");
    }
    return stmt;
  }

  // Which of `columns` are declared TEXT: PostgreSQL's bytea (an unmatched bounce's raw
  // report) comes as a blob, and goes back into SQLite's TEXT column as the text it was.
  const std::vector<bool>& text_columns(const std::string& table,
                                        const std::vector<std::string>& columns) {
    auto [it, fresh] = text_.try_emplace(table);
    if (fresh) {
      std::vector<std::string> text;
      OwnStmt s(db_.raw(), "SELECT name FROM pragma_table_xinfo(?) WHERE upper(type) = 'TEXT'");
      sqlite3_bind_text(s.get(), 1, table.c_str(), -1, SQLITE_TRANSIENT);
      while (s.step())
        text.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s.get(), 0)));
      for (const auto& c : columns)
        it->second.push_back(std::find(text.begin(), text.end(), c) != text.end());
    }
    return it->second;
  }

  static void bind(sqlite3_stmt* s, int i, const Cell& cell, bool text_column) {
    switch (cell.kind) {
      case Cell::Kind::integer:
        sqlite3_bind_int64(s, i, cell.integer);
        break;
      case Cell::Kind::real:
        sqlite3_bind_double(s, i, cell.real);
        break;
      case Cell::Kind::blob:
        if (!text_column) {
          sqlite3_bind_blob(s, i, cell.bytes.data(), static_cast<int>(cell.bytes.size()),
                            SQLITE_STATIC);
          break;
        }
        [[fallthrough]];
      case Cell::Kind::text:
        sqlite3_bind_text(s, i, cell.bytes.data(), static_cast<int>(cell.bytes.size()),
                          SQLITE_STATIC);
        break;
      case Cell::Kind::null:
        sqlite3_bind_null(s, i);
    }
  }

  Db db_;
  bool in_transaction_ = false;
  std::unordered_map<std::string, std::unique_ptr<OwnStmt>> inserts_;
  std::unordered_map<std::string, std::vector<bool>> text_;
};
}  // namespace

std::unique_ptr<TableRows> open_table_rows(const std::string& path, TableRowsRole role) {
  if (role == TableRowsRole::target) create_data_directory(path);
  return std::make_unique<SqliteTableRows>(path, role);
}

}  // namespace herald::store::sqlite
