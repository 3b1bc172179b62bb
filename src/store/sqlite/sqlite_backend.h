#pragma once
// The SQLite backend as open_storage sees it: one database file serving every storage role.
#include <string>

#include "store/open_storage.h"

namespace herald::store::sqlite {

Storages open_backend(const std::string& path, Durability durability, const std::string& node_id);
MigrationSummary migrate_backend(const std::string& path);

}  // namespace herald::store::sqlite
