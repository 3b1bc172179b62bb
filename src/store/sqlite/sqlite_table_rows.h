#pragma once
// The SQLite database's tables as raw rows (`herald copy`).
#include <memory>
#include <string>

#include "store/table_rows.h"

namespace herald::store::sqlite {

// `path`: the database file; a source must exist and is opened read-only.
std::unique_ptr<TableRows> open_table_rows(const std::string& path, TableRowsRole role);

}  // namespace herald::store::sqlite
