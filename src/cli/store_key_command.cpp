// herald store key rotate|revoke SLUG: the store's API key changes in the database at once; a
// running `herald serve` trusts a key it has already seen for at most its key cache's TTL.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "common/clock.h"
#include "common/error.h"
#include "config/config.h"
#include "store/open_storage.h"
#include "tenants/api_keys.h"

namespace herald::cli {

namespace {

// The store's id, or Error(bad_request, "slug") when there is no such store.
store::StoreId store_named(store::Storage& storage, const std::string& command,
                           const std::string& slug) {
  const auto found = storage.find_store_by_slug(slug);
  if (!found) throw bad_request("store key " + command + ": no store '" + slug + "'", "slug");
  return found->id;
}

}  // namespace

int store_key_rotate(const std::string& config_path, const std::string& slug) {
  if (slug.empty()) throw bad_request("store key rotate: SLUG is required", "slug");
  auto cfg = config::load(config_path);
  auto opened = store::open_storage(cfg.storage.url);
  const auto id = store_named(opened.storage(), "rotate", slug);
  const auto key = tenants::new_api_key();
  opened.storage().set_store_key_hash(id, tenants::hash_api_key(key));
  std::cout << nlohmann::ordered_json{{"store", slug}, {"api_key", key}}.dump() << std::endl;
  return 0;
}

int store_key_revoke(const std::string& config_path, const std::string& slug) {
  if (slug.empty()) throw bad_request("store key revoke: SLUG is required", "slug");
  auto cfg = config::load(config_path);
  auto opened = store::open_storage(cfg.storage.url);
  const auto id = store_named(opened.storage(), "revoke", slug);
  opened.storage().set_store_key_hash(id, tenants::revoked_key_hash());
  std::cout << nlohmann::ordered_json{{"store", slug}, {"revoked", true}}.dump() << std::endl;
  return 0;
}

}  // namespace herald::cli
