#include "store/open_storage.h"

#include <vector>

#include "common/error.h"
#include "common/node_id.h"
#include "store/open_oms_storage.h"
#include "store/open_table_rows.h"
#include "store/postgres/pg_backend.h"
#include "store/postgres/pg_oms_storage.h"
#include "store/postgres/pg_table_rows.h"
#include "store/sqlite/sqlite_backend.h"
#include "store/sqlite/sqlite_oms_storage.h"
#include "store/sqlite/sqlite_table_rows.h"

namespace herald::store {

namespace {
struct Backend {
  const char* scheme;   // the URL's "scheme://"
  const char* example;  // for the error message
  // `location`: the URL after the scheme.
  Storages (*open)(const std::string& location, Durability durability, const std::string& node_id);
  MigrationSummary (*migrate)(const std::string& location);
  std::unique_ptr<TableRows> (*rows)(const std::string& location, TableRowsRole role);
  std::unique_ptr<OmsStorage> (*oms)(const std::string& location);
};

// PostgreSQL's openers take the whole URL, whichever of its two schemes it was written with.
std::unique_ptr<OmsStorage> open_pg_oms_storage(const std::string& location) {
  return postgres::open_oms_storage("postgresql://" + location);
}

// The backends this build knows; a new one is a folder under store/ and one line here.
const std::vector<Backend>& backends() {
  static const std::vector<Backend> kBackends = {
      {"sqlite://", "sqlite://PATH", &sqlite::open_backend, &sqlite::migrate_backend,
       &sqlite::open_table_rows, &sqlite::open_oms_storage},
      {"postgresql://", "postgresql://USER:PASSWORD@HOST:PORT/DB", &postgres::open_backend,
       &postgres::migrate_backend, &postgres::open_table_rows, &open_pg_oms_storage},
      {"postgres://", "postgres://USER:PASSWORD@HOST:PORT/DB", &postgres::open_backend,
       &postgres::migrate_backend, &postgres::open_table_rows, &open_pg_oms_storage},
  };
  return kBackends;
}

const Backend& backend_for(const std::string& url) {
  std::string examples;
  for (const auto& b : backends()) {
    if (url.rfind(b.scheme, 0) == 0) return b;
    examples += (examples.empty() ? "" : " or ") + std::string(b.example);
  }
  // The URL may hold a password: only its scheme is repeated.
  const auto colon = url.find(':');
  throw Error(ErrorCode::bad_request,
              "unsupported storage url '" +
                  (colon == std::string::npos ? url : url.substr(0, colon) + ":...") + "' (use " +
                  examples + ")",
              "storage.url");
}
}  // namespace

Storages open_storage(const std::string& url, Durability durability, const std::string& node_id) {
  const auto& b = backend_for(url);
  return b.open(url.substr(std::string(b.scheme).size()), durability,
                node_id.empty() ? default_node_id() : node_id);
}

MigrationSummary migrate_storage(const std::string& url) {
  const auto& b = backend_for(url);
  return b.migrate(url.substr(std::string(b.scheme).size()));
}

std::unique_ptr<TableRows> open_table_rows(const std::string& url, TableRowsRole role) {
  const auto& b = backend_for(url);
  return b.rows(url.substr(std::string(b.scheme).size()), role);
}

std::unique_ptr<OmsStorage> open_oms_storage(const std::string& url) {
  const auto& b = backend_for(url);
  return b.oms(url.substr(std::string(b.scheme).size()));
}

}  // namespace herald::store
