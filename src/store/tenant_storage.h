#pragma once
// The stores (tenants) Herald serves: who they are and their settings. The API key is stored
// hashed; lookup is by the hash, never by the key.
#include <optional>
#include <string>
#include <vector>

#include "store/records.h"

namespace herald::store {

class TenantStorage {
 public:
  virtual ~TenantStorage() = default;

  virtual StoreRecord create_store(const std::string& slug, const std::string& api_key_hash,
                                   const std::string& webhook_secret, const StoreSettings& settings,
                                   TimeMs now) = 0;
  virtual std::optional<StoreRecord> find_store_by_key_hash(const std::string& key_hash) = 0;
  virtual std::optional<StoreRecord> find_store(StoreId id) = 0;
  virtual std::optional<StoreRecord> find_store_by_slug(const std::string& slug) = 0;
  virtual void update_store_settings(StoreId id, const StoreSettings& settings) = 0;
  // Replaces the store's key hash (rotation, or revocation with a hash no key has).
  virtual void set_store_key_hash(StoreId id, const std::string& api_key_hash) = 0;
  virtual std::vector<StoreRecord> list_stores() = 0;
};

}  // namespace herald::store
