#include "store/open_oms_storage.h"

#include "common/error.h"
#include "store/postgres/pg_oms_storage.h"
#include "store/sqlite/sqlite_oms_storage.h"

namespace herald::store {

std::unique_ptr<OmsStorage> open_oms_storage(const std::string& url) {
  for (const char* scheme : {"postgresql://", "postgres://"})
    if (url.rfind(scheme, 0) == 0)
      return postgres::open_oms_storage("postgresql://" + url.substr(std::string(scheme).size()));
  const std::string sqlite = "sqlite://";
  if (url.rfind(sqlite, 0) == 0) return sqlite::open_oms_storage(url.substr(sqlite.size()));
  throw Error(ErrorCode::bad_request, "unsupported storage url", "storage.url");
}

}  // namespace herald::store
