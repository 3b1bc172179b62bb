#include <iostream>
#include <nlohmann/json.hpp>
#include <regex>

#include "cli/commands.h"
#include "common/error.h"
#include "config/config.h"
#include "store/open_storage.h"
#include "tenants/api_keys.h"

namespace herald::cli {

std::string config_path_or_env(const std::string& option) {
  if (!option.empty()) return option;
  const char* env = std::getenv("HERALD_CONFIG");
  return env ? env : "";
}

int store_add(const std::string& config_path, const StoreAddOptions& o) {
  if (o.slug.empty()) throw bad_request("store add: SLUG is required", "slug");
  static const std::regex kSlug("[a-z0-9][a-z0-9-]{0,62}");
  if (!std::regex_match(o.slug, kSlug))
    throw bad_request("store slug '" + o.slug +
                          "' must be 1-63 lowercase letters, digits or '-', starting with a "
                          "letter or digit",
                      "slug");
  static const std::regex kCountry("[A-Z]{2}");
  if (!std::regex_match(o.country, kCountry))
    throw bad_request("--country must be an ISO 3166 code like NO, got '" + o.country + "'",
                      "country");
  auto cfg = config::load(config_path);
  auto opened = store::open_storage(cfg.storage.url);
  store::Storage* storage = &opened.storage();
  store::StoreSettings settings;
  settings.name = o.name.empty() ? o.slug : o.name;
  settings.default_country = o.country;
  settings.default_locale = o.locale;
  settings.owner_email = o.owner_email;
  settings.content_days = cfg.retention.content_days;
  settings.metadata_days = cfg.retention.metadata_days;
  const auto key = tenants::new_api_key();
  try {
    storage->create_store(o.slug, tenants::hash_api_key(key), o.webhook_secret, settings,
                          SystemClock().now_ms());
  } catch (const Error& e) {
    if (e.code() == ErrorCode::conflict) throw bad_request(e.what(), "slug");
    throw;
  }
  std::cout << nlohmann::ordered_json{{"store", o.slug}, {"api_key", key}}.dump() << std::endl;
  return 0;
}

}  // namespace herald::cli
