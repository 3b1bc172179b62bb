#pragma once
// A thin RAII layer over libpq, private to the PostgreSQL backend: one connection, its
// statements prepared once and reused, text parameters, and errors typed by SQLSTATE.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace herald::store::postgres {

// A parameter as libpq takes it: its text, or SQL NULL.
using Param = std::optional<std::string>;

inline Param to_param(std::int64_t v) {
  return std::to_string(v);
}
inline Param to_param(int v) {
  return std::to_string(v);
}
inline Param to_param(std::size_t v) {
  return std::to_string(v);
}
inline Param to_param(std::string_view v) {
  return std::string(v);
}
inline Param to_param(const std::string& v) {
  return v;
}
inline Param to_param(const char* v) {
  return std::string(v);
}
inline Param to_param(std::nullopt_t) {
  return std::nullopt;
}
template <typename T>
Param to_param(const std::optional<T>& v) {
  return v ? to_param(*v) : std::nullopt;
}

class Result {
 public:
  explicit Result(PGresult* res) : res_(res, &PQclear) {}

  int rows() const { return PQntuples(res_.get()); }
  std::int64_t i64(int row, int col) const;
  int i32(int row, int col) const { return static_cast<int>(i64(row, col)); }
  std::string text(int row, int col) const;
  bool is_null(int row, int col) const { return PQgetisnull(res_.get(), row, col) != 0; }
  int columns() const { return PQnfields(res_.get()); }
  // The column's type (a pg_type oid) and a value's bytes, for readers of raw rows.
  Oid type(int col) const { return PQftype(res_.get(), col); }
  std::string_view view(int row, int col) const {
    return {PQgetvalue(res_.get(), row, col),
            static_cast<std::size_t>(PQgetlength(res_.get(), row, col))};
  }
  // Rows an INSERT, UPDATE or DELETE touched.
  std::int64_t affected() const;
  const PGresult* get() const { return res_.get(); }

 private:
  std::shared_ptr<PGresult> res_;
};

// One statement of a pipeline: its text and its $1.. parameters; `replanned` as for
// Conn::exec_replanned.
struct Statement {
  std::string sql;
  std::vector<Param> params;
  bool replanned = false;
};
template <typename... Args>
Statement statement(std::string sql, const Args&... args) {
  return {std::move(sql), std::vector<Param>{to_param(args)...}};
}

class Conn {
 public:
  // `url`: a libpq URI (postgresql://user:pass@host:port/db) or key=value string.
  explicit Conn(const std::string& url);
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  ~Conn();

  // Runs one statement with $1.. parameters, prepared on first use on this connection.
  Result exec_params(const std::string& sql, const std::vector<Param>& params);
  template <typename... Args>
  Result exec(const std::string& sql, const Args&... args) {
    return exec_params(sql, std::vector<Param>{to_param(args)...});
  }
  // Runs one statement planned anew for these parameters, unprepared: for a join of a batch of
  // keys with a table that grows. A prepared statement's generic plan, once made while the table
  // was small, reads the whole table for every batch until its statistics are next updated.
  template <typename... Args>
  Result exec_replanned(const std::string& sql, const Args&... args) {
    return query(sql, std::vector<Param>{to_param(args)...});
  }
  // Sends the statements together and waits once for all their results, in order (libpq's
  // pipeline mode): one round trip instead of one each. The first that fails throws as exec
  // does; the ones after it do not run.
  std::vector<Result> exec_pipeline(const std::vector<Statement>& statements);
  Result exec_statement(const Statement& s) {
    return s.replanned ? query(s.sql, s.params) : exec_params(s.sql, s.params);
  }
  // Runs one statement unprepared: for statements whose text is made once (a cursor's FETCH).
  Result query(const std::string& sql, const std::vector<Param>& params = {});
  // Runs SQL text without parameters (several statements allowed), unprepared.
  void exec_script(const std::string& sql);
  // False once the server is gone: the pool drops such a connection.
  bool usable() const;
  // The connection's socket, to wait on for notifications.
  int socket() const { return PQsocket(conn_); }
  // Reads what the server has sent, without waiting, and returns how many notifications came
  // from other sessions (this session's own are dropped). Throws when the connection is lost.
  int take_notifications();

 private:
  // The name of the statement prepared for `sql` on this connection, preparing it first.
  const std::string& prepared(const std::string& sql);

  PGconn* conn_ = nullptr;
  bool broken_ = false;  // a pipeline left in an unknown state: the pool drops the connection
  std::unordered_map<std::string, std::string> prepared_;  // SQL text -> statement name
};

// Commits on commit(); rolls back if destroyed before.
class Transaction {
 public:
  explicit Transaction(Conn& conn);
  // For a transaction whose BEGIN the caller sends (first in a pipeline).
  struct BegunByCaller {};
  Transaction(Conn& conn, BegunByCaller) : conn_(conn) {}
  ~Transaction();
  void commit();

 private:
  Conn& conn_;
  bool done_ = false;
};

}  // namespace herald::store::postgres
