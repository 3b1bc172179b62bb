#pragma once
// Opens a storage backend by the scheme of its URL ("sqlite:///var/lib/herald/herald.db").
#include <string>

#include "store/storages.h"

namespace herald::store {

// Opens the backend named by the URL's scheme, applying its migrations.
Storages open_storage(const std::string& url);

}  // namespace herald::store
