#include "store/open_storage.h"

#include <vector>

#include "common/error.h"
#include "store/sqlite/sqlite_backend.h"

namespace herald::store {

namespace {
struct Backend {
  const char* scheme;   // the URL's "scheme://"
  const char* example;  // for the error message
  Storages (*open)(const std::string& location, Durability durability);
};

// The backends this build knows; a new one is a folder under store/ and one line here.
const std::vector<Backend>& backends() {
  static const std::vector<Backend> kBackends = {
      {"sqlite://", "sqlite://PATH", &sqlite::open_backend},
  };
  return kBackends;
}
}  // namespace

Storages open_storage(const std::string& url, Durability durability) {
  std::string examples;
  for (const auto& b : backends()) {
    const std::string scheme = b.scheme;
    if (url.rfind(scheme, 0) == 0) return b.open(url.substr(scheme.size()), durability);
    examples += (examples.empty() ? "" : " or ") + std::string(b.example);
  }
  throw Error(ErrorCode::bad_request,
              "unsupported storage url '" + url + "' (use " + examples + ")", "storage.url");
}

}  // namespace herald::store
