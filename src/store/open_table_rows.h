#pragma once
// Opens a database's tables as raw rows (`herald copy`), by the scheme of its URL.
#include <memory>
#include <string>

#include "store/table_rows.h"

namespace herald::store {

// A source must exist and is never changed; a target is created when missing (a SQLite file).
// The backends are those of open_storage (src/store/open_storage.cpp).
std::unique_ptr<TableRows> open_table_rows(const std::string& url, TableRowsRole role);

}  // namespace herald::store
