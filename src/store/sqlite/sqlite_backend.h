#pragma once
// The SQLite backend as open_storage sees it: one database file serving every storage role.
#include <string>

#include "store/storages.h"

namespace herald::store::sqlite {

Storages open_backend(const std::string& path);

}  // namespace herald::store::sqlite
