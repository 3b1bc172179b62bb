#include "store/sqlite/sqlite_backend.h"

#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_oms_orders.h"
#include "store/sqlite/sqlite_schema.h"
#include "store/sqlite/sqlite_storage.h"
#include "store/sqlite/sqlite_ui_storage.h"

namespace herald::store::sqlite {

namespace {
// The pages keep their own connection (their traffic is light; sessions are their only
// writes), opened after the main one has created and migrated the file.
struct Backend {
  Backend(const std::string& path, Durability durability, const std::string& node_id)
      : main(path, durability == Durability::on_close, node_id), ui(path), oms_orders(path) {}
  SqliteStorage main;
  SqliteUiStorage ui;
  SqliteOmsOrders oms_orders;
  SoloCluster cluster;  // one node per database file
};
}  // namespace

Storages open_backend(const std::string& path, Durability durability, const std::string& node_id) {
  auto backend = std::make_shared<Backend>(path, durability, node_id);
  return Storages(backend, backend->main, backend->main, backend->ui, backend->cluster,
                  backend->oms_orders, backend->main);
}

MigrationSummary migrate_backend(const std::string& path) {
  create_data_directory(path);
  Db db(path);
  const auto steps = migrate(db);
  return {"sqlite", steps.from_version, steps.to_version, steps.applied};
}

}  // namespace herald::store::sqlite
