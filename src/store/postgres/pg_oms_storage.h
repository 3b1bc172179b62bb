#pragma once
// PostgreSQL implementation of OmsStorage, on a small pool of its own.
#include <memory>
#include <string>

#include "store/oms_storage.h"

namespace herald::store::postgres {

std::unique_ptr<OmsStorage> open_oms_storage(const std::string& url);

}  // namespace herald::store::postgres
