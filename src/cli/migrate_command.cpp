// herald migrate [--config FILE]: applies the database's missing migrations and exits.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "config/config.h"
#include "store/open_storage.h"

namespace herald::cli {

int migrate(const std::string& config_path) {
  auto cfg = config::load(config_path);
  const auto m = store::migrate_storage(cfg.storage.url);
  std::cout << nlohmann::json{{"backend", m.backend},
                              {"from_version", m.from_version},
                              {"to_version", m.to_version},
                              {"applied", m.applied}}
                   .dump()
            << std::endl;
  return 0;
}

}  // namespace herald::cli
