#include "store/postgres/pg_table_rows.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <unordered_map>

#include "common/error.h"
#include "common/utf8.h"
#include "store/postgres/pg_bytea.h"
#include "store/postgres/pg_conn.h"
#include "store/postgres/pg_schema.h"

namespace herald::store::postgres {

namespace {
// pg_type oids of the types a row may hold (catalog/pg_type_d.h, stable across versions).
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kOid = 26, kFloat4 = 700,
              kFloat8 = 701, kNumeric = 1700;
// Rows a reader fetches at a time: what it holds in memory.
constexpr int kFetchRows = 500;
// libpq's limit on the parameters of one statement.
constexpr std::size_t kMaxParams = 65535;

std::string column_list(const std::vector<std::string>& columns) {
  std::string list;
  for (const auto& c : columns) list += (list.empty() ? "" : ", ") + sql_identifier(c);
  return list;
}

void read_cell(const Result& r, int row, int col, Cell& cell) {
  if (r.is_null(row, col)) {
    cell.kind = Cell::Kind::null;
    return;
  }
  const auto v = r.view(row, col);
  switch (r.type(col)) {
    case kBool:
      cell.kind = Cell::Kind::integer;
      cell.integer = v == "t" ? 1 : 0;
      return;
    case kInt2:
    case kInt4:
    case kInt8:
    case kOid:
      cell.kind = Cell::Kind::integer;
      std::from_chars(v.data(), v.data() + v.size(), cell.integer);
      return;
    case kFloat4:
    case kFloat8:
    case kNumeric:
      cell.kind = Cell::Kind::real;
      cell.real = std::strtod(std::string(v).c_str(), nullptr);
      return;
    case kBytea:
      cell.kind = Cell::Kind::blob;
      cell.bytes = bytea_value(v);
      return;
    default:
      cell.kind = Cell::Kind::text;
      cell.bytes.assign(v.data(), v.size());
  }
}

class PgRowReader : public RowReader {
 public:
  PgRowReader(Conn& conn, std::string cursor) : conn_(conn), cursor_(std::move(cursor)) {}
  ~PgRowReader() override {
    try {
      if (conn_.usable()) conn_.exec_script("CLOSE " + cursor_);
    } catch (const std::exception&) {
    }
  }

  bool next(Row& row) override {
    if (!batch_ || next_ >= batch_->rows()) {
      if (done_) return false;
      batch_.emplace(
          conn_.query("FETCH FORWARD " + std::to_string(kFetchRows) + " FROM " + cursor_));
      next_ = 0;
      done_ = batch_->rows() < kFetchRows;
      if (batch_->rows() == 0) return false;
    }
    row.resize(static_cast<std::size_t>(batch_->columns()));
    for (int c = 0; c < batch_->columns(); ++c)
      read_cell(*batch_, next_, c, row[static_cast<std::size_t>(c)]);
    ++next_;
    return true;
  }

 private:
  Conn& conn_;
  std::string cursor_;
  std::optional<Result> batch_;
  int next_ = 0;
  bool done_ = false;
};

class PgTableRows : public TableRows {
 public:
  explicit PgTableRows(const std::string& url) : TableRows("postgresql"), conn_(url) {
    conn_.exec_script("SET bytea_output = 'hex'");
  }

  ~PgTableRows() override {
    if (!in_transaction_) return;
    try {
      if (conn_.usable()) conn_.exec_script("ROLLBACK");
    } catch (const std::exception&) {
    }
  }

  int schema_version() override {
    auto r = conn_.query("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (r.view(0, 0) != "t") return 0;
    return static_cast<int>(
        conn_.query("SELECT coalesce(max(version), 0) FROM schema_migrations").i64(0, 0));
  }
  int current_schema_version() const override { return postgres::schema_version(); }
  void migrate() override { postgres::migrate(conn_); }

  std::vector<TableShape> tables() override {
    std::vector<TableShape> shapes;
    auto t = conn_.query(
        "SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') "
        "AND c.relname <> 'schema_migrations' ORDER BY c.relname");
    for (int i = 0; i < t.rows(); ++i) {
      TableShape shape{t.text(i, 1)};
      const auto oid = t.text(i, 0);
      // Generated columns (the subject words) are derived: left out.
      auto cols = conn_.query(
          "SELECT attname FROM pg_attribute WHERE attrelid = $1::oid AND attnum > 0 "
          "AND NOT attisdropped AND attgenerated = '' ORDER BY attnum",
          {oid});
      for (int c = 0; c < cols.rows(); ++c) shape.columns.push_back(cols.text(c, 0));
      auto key = conn_.query(
          "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
          "AND a.attnum = ANY (i.indkey) WHERE i.indrelid = $1::oid AND i.indisprimary "
          "ORDER BY array_position(i.indkey::int2[], a.attnum)",
          {oid});
      for (int c = 0; c < key.rows(); ++c) shape.key.push_back(key.text(c, 0));
      auto refs = conn_.query(
          "SELECT DISTINCT r.relname FROM pg_constraint f JOIN pg_class r ON r.oid = f.confrelid "
          "WHERE f.conrelid = $1::oid AND f.contype = 'f'",
          {oid});
      for (int c = 0; c < refs.rows(); ++c) shape.references.push_back(refs.text(c, 0));
      shapes.push_back(std::move(shape));
    }
    return shapes;
  }

  std::int64_t count(const std::string& table) override {
    return conn_.query("SELECT count(*) FROM " + sql_identifier(table)).i64(0, 0);
  }

  void begin_reading() override {
    conn_.exec_script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    in_transaction_ = true;
  }

  std::unique_ptr<RowReader> read(const TableShape& table,
                                  const std::vector<std::string>& columns) override {
    const std::string cursor = "herald_copy_" + std::to_string(++cursors_);
    std::string sql = "DECLARE " + cursor + " NO SCROLL CURSOR FOR SELECT " + column_list(columns) +
                      " FROM " + sql_identifier(table.name);
    if (!table.key.empty()) sql += " ORDER BY " + column_list(table.key);
    conn_.exec_script(sql);
    return std::make_unique<PgRowReader>(conn_, cursor);
  }

  void begin_writing() override {
    conn_.exec_script("BEGIN");
    in_transaction_ = true;
  }

  void write(const TableShape& table, const std::vector<std::string>& columns,
             const std::vector<Row>& rows) override {
    const auto& binary = bytea_columns(table.name, columns);
    const std::size_t per_statement = std::max<std::size_t>(1, kMaxParams / columns.size());
    std::vector<Param> params;
    for (std::size_t from = 0; from < rows.size(); from += per_statement) {
      const std::size_t n = std::min(per_statement, rows.size() - from);
      params.clear();
      for (std::size_t r = from; r < from + n; ++r)
        for (std::size_t c = 0; c < columns.size(); ++c)
          params.push_back(param(rows[r][c], binary[c], table.name, columns[c]));
      conn_.exec_params(insert_sql(table.name, columns, n), params);
    }
  }

  void finish_writing() override {
    // New ids continue after the copied ones: every sequence behind an identity or serial
    // column moves to its column's largest value.
    auto seqs = conn_.query(
        "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() "
        "AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped "
        "AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL");
    for (int i = 0; i < seqs.rows(); ++i) {
      const auto table = seqs.text(i, 0), column = seqs.text(i, 1);
      conn_.query("SELECT setval(pg_get_serial_sequence($1, $2), m) FROM (SELECT max(" +
                      sql_identifier(column) + ") AS m FROM " + sql_identifier(table) +
                      ") x WHERE m IS NOT NULL",
                  {sql_identifier(table), column});
    }
    conn_.exec_script("COMMIT");
    in_transaction_ = false;
  }

 private:
  // Which of `columns` are bytea (their values go as hex text).
  const std::vector<bool>& bytea_columns(const std::string& table,
                                         const std::vector<std::string>& columns) {
    auto [it, fresh] = bytea_.try_emplace(table);
    if (fresh) {
      auto r = conn_.query(
          "SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND atttypid = "
          "'bytea'::regtype AND attnum > 0 AND NOT attisdropped",
          {sql_identifier(table)});
      for (const auto& c : columns) {
        bool binary = false;
        for (int i = 0; i < r.rows(); ++i) binary = binary || r.text(i, 0) == c;
        it->second.push_back(binary);
      }
    }
    return it->second;
  }

  Param param(const Cell& cell, bool bytea, const std::string& table, const std::string& column) {
    switch (cell.kind) {
      case Cell::Kind::null:
        return std::nullopt;
      case Cell::Kind::integer:
        return std::to_string(cell.integer);
      case Cell::Kind::real: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", cell.real);
        return std::string(buf);
      }
      case Cell::Kind::text:
      case Cell::Kind::blob:
        if (bytea) return bytea_param(cell.bytes);
        if (is_utf8_text(cell.bytes)) return cell.bytes;
        // Text that is not UTF-8 (or holds a NUL), which PostgreSQL's text cannot hold: a
        // relay's or a report's words stored by an older herald on SQLite. It is read as
        // ingestion reads such words now.
        ++reencoded_[table + "." + column];
        return utf8_text(cell.bytes);
    }
    return std::nullopt;
  }

  static std::string insert_sql(const std::string& table, const std::vector<std::string>& columns,
                                std::size_t rows) {
    std::string sql = "INSERT INTO " + sql_identifier(table) + " (" + column_list(columns) +
                      ") OVERRIDING SYSTEM VALUE VALUES ";
    std::size_t p = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      sql += r ? ", (" : "(";
      for (std::size_t c = 0; c < columns.size(); ++c)
        sql += (c ? ", $" : "$") + std::to_string(++p);
      sql += ")";
    }
    return sql;
  }

  Conn conn_;
  bool in_transaction_ = false;
  int cursors_ = 0;
  std::unordered_map<std::string, std::vector<bool>> bytea_;
};
}  // namespace

std::unique_ptr<TableRows> open_table_rows(const std::string& location, TableRowsRole) {
  return std::make_unique<PgTableRows>("postgresql://" + location);
}

}  // namespace herald::store::postgres
