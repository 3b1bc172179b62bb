#pragma once
// A database's tables as raw rows, whatever the backend: what `herald copy` reads from one
// database and writes into another. The backends' tables are the same column for column
// (docs/CONTRACT.md, PostgreSQL), so a row read from one is written as it is into the other.
// Bookkeeping (schema_migrations) and what a backend derives from other tables (SQLite's
// subject index, PostgreSQL's generated subject words) are not rows here: the writer rebuilds
// them when it finishes.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace herald::store {

// One stored value, exactly as the database holds it.
struct Cell {
  enum class Kind { null, integer, real, text, blob };
  Kind kind = Kind::null;
  std::int64_t integer = 0;
  double real = 0;
  std::string bytes;  // text (not necessarily valid UTF-8) or blob
};
using Row = std::vector<Cell>;

struct TableShape {
  std::string name;
  std::vector<std::string> columns;     // stored columns in table order, derived ones left out
  std::vector<std::string> key;         // the primary key's columns, in key order
  std::vector<std::string> references;  // the tables its foreign keys point at
};

// Rows of one table, read in key order.
class RowReader {
 public:
  virtual ~RowReader() = default;
  // False at the end of the table.
  virtual bool next(Row& row) = 0;
};

class TableRows {
 public:
  virtual ~TableRows() = default;

  const char* backend() const { return backend_; }
  // The newest migration the database has (0: none, not a Herald database), and the newest
  // this build knows for the backend.
  virtual int schema_version() = 0;
  virtual int current_schema_version() const = 0;
  // Applies the migrations the database does not have yet (a copy's target, once it is known
  // to be empty).
  virtual void migrate() = 0;
  // The tables that hold rows, in no particular order.
  virtual std::vector<TableShape> tables() = 0;
  virtual std::int64_t count(const std::string& table) = 0;

  // Reading: every read between begin_reading and the end of this object sees one snapshot.
  virtual void begin_reading() = 0;
  // Reads `columns` of every row; the reader lives no longer than this object.
  virtual std::unique_ptr<RowReader> read(const TableShape& table,
                                          const std::vector<std::string>& columns) = 0;

  // Writing: one transaction from begin_writing to finish_writing, which rebuilds what the
  // backend derives from the rows and moves its id generators past the copied ids. Destroyed
  // before finish_writing, nothing written stays.
  virtual void begin_writing() = 0;
  virtual void write(const TableShape& table, const std::vector<std::string>& columns,
                     const std::vector<Row>& rows) = 0;
  virtual void finish_writing() = 0;
  // Values written changed because the target could not hold them as they were ("table.column":
  // how many): text that is not UTF-8, into PostgreSQL's text.
  const std::map<std::string, std::int64_t>& reencoded() const { return reencoded_; }

 protected:
  explicit TableRows(const char* backend) : backend_(backend) {}
  std::map<std::string, std::int64_t> reencoded_;

 private:
  const char* backend_;
};

// A table or column name as an SQL identifier (both backends quote with double quotes).
inline std::string sql_identifier(const std::string& name) {
  std::string q = "\"";
  for (char c : name) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// How a copy opens a database.
enum class TableRowsRole {
  source,  // must exist; never changed
  target,  // created when missing
};

}  // namespace herald::store
