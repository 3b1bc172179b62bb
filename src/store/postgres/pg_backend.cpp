#include "store/postgres/pg_backend.h"

#include <unistd.h>

#include "store/postgres/pg_schema.h"
#include "store/postgres/pg_storage.h"
#include "store/postgres/pg_ui_storage.h"

namespace herald::store::postgres {

namespace {
// Connections per node: delivery workers, HTTP threads and background work share them; a
// caller beyond that waits for one to come back.
constexpr int kPoolSize = 16;

std::string default_node_id() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid());
}

struct Backend {
  Backend(std::shared_ptr<Pool> p) : pool(p), main(p, default_node_id()), ui(p) {}
  std::shared_ptr<Pool> pool;
  PgStorage main;
  PgUiStorage ui;
};
}  // namespace

Storages open_backend(const std::string& location, Durability durability) {
  const std::string url = "postgresql://" + location;
  {
    Conn conn(url);
    migrate(conn);
  }
  // A bulk load (the demo) need not wait for each commit to reach the disk; a crash loses
  // only its last commits, never consistency.
  auto pool = std::make_shared<Pool>(
      url, kPoolSize, durability == Durability::on_close ? "SET synchronous_commit = off" : "");
  auto backend = std::make_shared<Backend>(pool);
  return Storages(backend, backend->main, backend->main, backend->ui);
}

MigrationSummary migrate_backend(const std::string& location) {
  Conn conn("postgresql://" + location);
  const auto report = migrate(conn);
  return {"postgresql", report.from_version, report.to_version, report.applied};
}

}  // namespace herald::store::postgres
