#pragma once
// Opens a storage backend by the scheme of its URL ("sqlite:///var/lib/herald/herald.db").
#include <string>

#include "store/storages.h"

namespace herald::store {

// When a write is durable. A bulk load (the demo generator) may trade that for speed.
enum class Durability {
  each_write,  // a write is durable when it returns
  on_close,    // writes may be lost in a crash until the storage is closed
};

// Opens the backend named by the URL's scheme, applying its migrations. `node_id` names this
// node on what it records and claims (empty: HOST:PID).
Storages open_storage(const std::string& url, Durability durability = Durability::each_write,
                      const std::string& node_id = {});

// What applying a backend's migrations did (`herald migrate`).
struct MigrationSummary {
  std::string backend;   // sqlite, postgresql
  int from_version = 0;  // the newest migration the database had
  int to_version = 0;    // the newest it has now
  int applied = 0;       // steps applied now
};

// Applies the migrations the database named by the URL does not have yet, and nothing else.
MigrationSummary migrate_storage(const std::string& url);

}  // namespace herald::store
