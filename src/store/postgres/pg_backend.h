#pragma once
// The PostgreSQL backend as open_storage sees it: one database shared by any number of nodes.
#include <string>

#include "store/open_storage.h"

namespace herald::store::postgres {

// `url`: the whole libpq URI, scheme included (postgresql:// or postgres://).
Storages open_backend(const std::string& url, Durability durability, const std::string& node_id);

// Applies the missing migrations (open_backend does it too).
MigrationSummary migrate_backend(const std::string& url);

}  // namespace herald::store::postgres
