// herald secrets rotate --new-key-file PATH: every store's OMS credentials re-sealed under a new
// key in one transaction. The current key file is left as it is: the operator then points
// [secrets] key_file at the new file on every node and restarts them (docs/CONTRACT.md).
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/error.h"
#include "common/key_file.h"
#include "common/sealed_secret.h"
#include "config/config.h"
#include "config/secrets_key.h"
#include "oms/oms_settings.h"
#include "store/open_oms_storage.h"
#include "store/open_storage.h"

namespace herald::cli {

int secrets_rotate(const std::string& config_path, const std::string& new_key_file) {
  constexpr const char* kOption = "--new-key-file";
  if (new_key_file.empty())
    throw bad_request("secrets rotate: --new-key-file PATH is required", kOption);
  const auto cfg = config::load(config_path);
  const auto current_file = config::secrets_key_path(config_path, cfg.storage.url);
  const SecretSealer current(load_key_file(current_file));
  const SecretSealer next(load_or_create_key_file(new_key_file, kOption));
  if (next.key_id() == current.key_id())
    throw bad_request(std::string(kOption) + " " + new_key_file + " holds the current key (" +
                          current_file + "): give a new one",
                      kOption);
  auto opened = store::open_storage(cfg.storage.url);  // migrated, like every command's
  auto oms_storage = store::open_oms_storage(cfg.storage.url);
  const auto stores = oms::reseal_every_store(*oms_storage, current, next);
  std::cout << nlohmann::ordered_json{{"stores", stores},
                                      {"old_key", current.key_id()},
                                      {"new_key", next.key_id()},
                                      {"new_key_file", new_key_file}}
                   .dump()
            << std::endl;
  return 0;
}

}  // namespace herald::cli
