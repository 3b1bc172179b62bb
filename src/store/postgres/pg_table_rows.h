#pragma once
// The PostgreSQL database's tables as raw rows (`herald copy`).
#include <memory>
#include <string>

#include "store/table_rows.h"

namespace herald::store::postgres {

// `location`: the URL after its scheme (as open_backend takes it).
std::unique_ptr<TableRows> open_table_rows(const std::string& location, TableRowsRole role);

}  // namespace herald::store::postgres
