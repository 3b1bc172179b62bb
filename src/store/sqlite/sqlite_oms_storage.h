#pragma once
// SQLite implementation of OmsStorage: its own connection to the database file.
#include <memory>
#include <string>

#include "store/oms_storage.h"

namespace herald::store::sqlite {

std::unique_ptr<OmsStorage> open_oms_storage(const std::string& path);

}  // namespace herald::store::sqlite
