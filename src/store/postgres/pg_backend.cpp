#include "store/postgres/pg_backend.h"

#include "store/postgres/pg_cluster.h"
#include "store/postgres/pg_lock_classes.h"
#include "store/postgres/pg_oms_orders.h"
#include "store/postgres/pg_schema.h"
#include "store/postgres/pg_storage.h"
#include "store/postgres/pg_ui_storage.h"

namespace herald::store::postgres {

namespace {
// Connections per node: delivery workers, HTTP threads and background work share them; a
// caller beyond that waits for one to come back.
constexpr int kPoolSize = 16;

// Each connection adds the dashboard's daily counts to its own shard row (write_figures):
// the first shard number no other connection to the database holds, of this node or another,
// claimed with a session advisory lock that the connection keeps until it closes. Two
// transactions adding to one counter then never wait for each other's commit. Beyond 64
// connections, shards are shared by backend pid.
const std::string kClaimShard =
    "SELECT set_config('herald.shard', COALESCE((SELECT s FROM generate_series(0, 63) s "
    "WHERE pg_try_advisory_lock(" +
    std::to_string(kShardLockClass) + ", s) LIMIT 1), pg_backend_pid() % 64)::text, false)";

struct Backend {
  Backend(std::shared_ptr<Pool> p, const std::string& node_id)
      : pool(p), main(p, node_id), ui(p), cluster(p->url()), oms_orders(p) {}
  std::shared_ptr<Pool> pool;
  PgStorage main;
  PgUiStorage ui;
  PgCluster cluster;
  PgOmsOrders oms_orders;
};
}  // namespace

Storages open_backend(const std::string& location, Durability durability,
                      const std::string& node_id) {
  const std::string url = "postgresql://" + location;
  {
    Conn conn(url);
    migrate(conn);
  }
  // A bulk load (the demo) need not wait for each commit to reach the disk; a crash loses
  // only its last commits, never consistency.
  auto pool = std::make_shared<Pool>(
      url, kPoolSize,
      kClaimShard + (durability == Durability::on_close ? "; SET synchronous_commit = off" : ""));
  auto backend = std::make_shared<Backend>(pool, node_id);
  return Storages(backend, backend->main, backend->main, backend->ui, backend->cluster,
                  backend->oms_orders, backend->main);
}

MigrationSummary migrate_backend(const std::string& location) {
  Conn conn("postgresql://" + location);
  const auto report = migrate(conn);
  return {"postgresql", report.from_version, report.to_version, report.applied};
}

}  // namespace herald::store::postgres
