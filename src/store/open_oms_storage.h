#pragma once
// The OMS connector's storage role (oms_storage.h), opened on its own connection(s) to the
// database that open_storage(url) has created and migrated. Its traffic is light: settings
// reads, one call-log line per OMS call, one history line per webhook.
#include <memory>
#include <string>

#include "store/oms_storage.h"

namespace herald::store {

// Throws bad_request naming "storage.url" for an unsupported URL.
std::unique_ptr<OmsStorage> open_oms_storage(const std::string& url);

}  // namespace herald::store
