// herald demo: two demo shops with templates and a month of messages in every status.
#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/commands.h"
#include "config/config.h"
#include "demo/demo_generator.h"
#include "store/open_storage.h"

namespace herald::cli {

int demo(const std::string& config_path, int messages) {
  auto cfg = config::load(config_path);
  spdlog::set_level(spdlog::level::warn);  // one line per suppressed address is noise here
  demo::DemoOptions options;
  options.messages = messages;
  options.now = SystemClock().now_ms();
  std::vector<demo::DemoStoreResult> results;
  {
    // A bulk load: durable once the storage is closed, before the keys are printed.
    auto opened = store::open_storage(cfg.storage.url, store::Durability::on_close);
    results = demo::generate_demo(opened.storage(), opened.orders(), options);
  }
  nlohmann::json stores = nlohmann::json::array();
  for (const auto& r : results) {
    nlohmann::json s = {{"store", r.slug}, {"created", r.created}};
    if (r.created) {
      s["api_key"] = r.api_key;
      s["events"] = r.events;
      s["messages"] = r.messages;
    } else {
      s["note"] = "already exists; left as it is";
    }
    stores.push_back(s);
  }
  std::cout << nlohmann::json{{"stores", stores}}.dump() << std::endl;
  return 0;
}

}  // namespace herald::cli
