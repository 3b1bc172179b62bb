#include "store/postgres/pg_conn.h"

#include <charconv>
#include <cstring>
#include <optional>

#include "common/error.h"

namespace herald::store::postgres {

namespace {
// Codes by SQLSTATE class: integrity violations are conflicts (as SQLite's constraints are);
// a lost connection, a server shutting down or out of resources, and serialization failures
// or deadlocks (worth retrying) mean the database is unavailable now.
[[noreturn]] void fail(PGconn* conn, const PGresult* res, const std::string& what) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  std::string message = res ? PQresultErrorMessage(res) : "";
  if (message.empty() && conn) message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const std::string detail = what.substr(0, 160) + ": " + message;
  if (sqlstate.rfind("23", 0) == 0) throw Error(ErrorCode::conflict, "conflict", {}, detail);
  if (sqlstate == "53100")  // disk_full: the same answer as SQLite's SQLITE_FULL
    throw Error(ErrorCode::storage_unavailable,
                "the database cannot write: the disk is full; try again later", {}, detail);
  const bool gone = !conn || PQstatus(conn) != CONNECTION_OK;
  if (gone || sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0 ||
      sqlstate.rfind("53", 0) == 0 || sqlstate == "40001" || sqlstate == "40P01")
    throw Error(ErrorCode::unavailable, "database unavailable", {}, detail);
  throw internal_error(detail);
}

void check(PGconn* conn, PGresult* res, const std::string& what) {
  const auto st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return;
  Result keep(res);  // frees it
  fail(conn, res, what);
}
}  // namespace

std::int64_t Result::i64(int row, int col) const {
  const char* p = PQgetvalue(res_.get(), row, col);
  const auto len = static_cast<size_t>(PQgetlength(res_.get(), row, col));
  if (len == 1 && (p[0] == 't' || p[0] == 'f')) return p[0] == 't' ? 1 : 0;  // boolean
  std::int64_t v = 0;
  std::from_chars(p, p + len, v);
  return v;
}

std::string Result::text(int row, int col) const {
  return std::string(PQgetvalue(res_.get(), row, col),
                     static_cast<size_t>(PQgetlength(res_.get(), row, col)));
}

std::int64_t Result::affected() const {
  const char* n = PQcmdTuples(res_.get());
  std::int64_t v = 0;
  std::from_chars(n, n + std::strlen(n), v);
  return v;
}

Conn::Conn(const std::string& url) {
  conn_ = PQconnectdb(url.c_str());
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string detail = conn_ ? PQerrorMessage(conn_) : "out of memory";
    while (!detail.empty() && detail.back() == '\n') detail.pop_back();
    PQfinish(conn_);
    conn_ = nullptr;
    throw Error(ErrorCode::unavailable, "cannot connect to the database", "storage.url", detail);
  }
  // Quiet: notices (e.g. "relation already exists, skipping") are not errors.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  exec_script("SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
}

Conn::~Conn() {
  PQfinish(conn_);
}

bool Conn::usable() const {
  return conn_ && !broken_ && PQstatus(conn_) == CONNECTION_OK;
}

int Conn::take_notifications() {
  if (PQconsumeInput(conn_) == 0)
    throw Error(ErrorCode::unavailable, "database unavailable", {}, PQerrorMessage(conn_));
  int from_others = 0;
  const int self = PQbackendPID(conn_);
  while (PGnotify* n = PQnotifies(conn_)) {
    if (n->be_pid != self) ++from_others;
    PQfreemem(n);
  }
  return from_others;
}

const std::string& Conn::prepared(const std::string& sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "h" + std::to_string(prepared_.size() + 1);
    PGresult* res = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
    check(conn_, res, "prepare: " + sql);
    PQclear(res);
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  return it->second;
}

Result Conn::exec_params(const std::string& sql, const std::vector<Param>& params) {
  const std::string& name = prepared(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* res = PQexecPrepared(conn_, name.c_str(), static_cast<int>(values.size()),
                                 values.data(), nullptr, nullptr, 0);
  check(conn_, res, sql);
  return Result(res);
}

std::vector<Result> Conn::exec_pipeline(const std::vector<Statement>& statements) {
  std::vector<const std::string*> names;
  names.reserve(statements.size());
  for (const auto& s : statements) names.push_back(s.replanned ? nullptr : &prepared(s.sql));
  if (PQenterPipelineMode(conn_) != 1) fail(conn_, nullptr, "pipeline");
  // Until its results are read, the connection is in an unknown state.
  broken_ = true;
  std::vector<const char*> values;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    values.clear();
    for (const auto& p : statements[i].params) values.push_back(p ? p->c_str() : nullptr);
    const int n = static_cast<int>(values.size());
    const int sent = names[i] ? PQsendQueryPrepared(conn_, names[i]->c_str(), n, values.data(),
                                                    nullptr, nullptr, 0)
                              : PQsendQueryParams(conn_, statements[i].sql.c_str(), n, nullptr,
                                                  values.data(), nullptr, nullptr, 0);
    if (sent != 1) fail(conn_, nullptr, statements[i].sql);
  }
  if (PQpipelineSync(conn_) != 1) fail(conn_, nullptr, "pipeline sync");
  std::vector<Result> out;
  out.reserve(statements.size());
  std::optional<std::size_t> failed;
  for (std::size_t i = 0; i < statements.size(); ++i) {
    PGresult* res = PQgetResult(conn_);
    if (!res) fail(conn_, nullptr, statements[i].sql);
    out.emplace_back(res);
    const auto st = PQresultStatus(res);
    if (!failed && st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) failed = i;
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);  // up to the statement's end
  }
  PGresult* sync = PQgetResult(conn_);
  const bool synced = sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
  PQclear(sync);
  if (!synced || PQexitPipelineMode(conn_) != 1) fail(conn_, nullptr, "pipeline sync");
  broken_ = false;
  if (failed) fail(conn_, out[*failed].get(), statements[*failed].sql);
  return out;
}

Result Conn::query(const std::string& sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  PGresult* res = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr,
                               values.data(), nullptr, nullptr, 0);
  check(conn_, res, sql);
  return Result(res);
}

void Conn::exec_script(const std::string& sql) {
  PGresult* res = PQexec(conn_, sql.c_str());
  check(conn_, res, sql);
  PQclear(res);
}

Transaction::Transaction(Conn& conn) : conn_(conn) {
  conn_.exec_script("BEGIN");
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    if (conn_.usable()) conn_.exec_script("ROLLBACK");
  } catch (const std::exception&) {
  }
}

void Transaction::commit() {
  conn_.exec_script("COMMIT");
  done_ = true;
}

}  // namespace herald::store::postgres
