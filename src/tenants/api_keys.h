#pragma once
// The shops Herald serves are named by their API keys ("Authorization: Bearer <key>"). Keys are
// stored as SHA-256 hashes; only the hash is ever compared or kept.
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "http/message.h"
#include "store/tenant_storage.h"

namespace herald::tenants {

std::string new_api_key();
std::string hash_api_key(const std::string& key);
// The credentials of an "Authorization: Bearer <key>" header; the scheme is case-insensitive
// (RFC 7235). "" when the header is not a bearer credential.
std::string bearer_token(std::string_view header);
// What a revoked store keeps in place of its key hash: unique, and equal to no key's hash
// (those are lowercase hex), so no key authenticates until the store's key is rotated.
std::string revoked_key_hash();

// Resolves API keys to stores, remembering each for a few seconds: every request carries a
// key, and a database read per request would cost more than the request itself.
// A key found in the database is trusted for ttl_ms from that lookup, never longer (a hit does
// not extend it): a key rotated or revoked by another process (the CLI) is refused by every
// cache within ttl_ms. Unknown keys are not remembered, so a new key works at once.
class KeyCache {
 public:
  KeyCache(store::TenantStorage& tenants, const Clock& clock, TimeMs ttl_ms = 5000)
      : tenants_(tenants), clock_(clock), ttl_ms_(ttl_ms) {}
  // Throws Error(unauthorized) for a missing or unknown key.
  store::StoreRecord authenticate(const http::Request& req);
  void forget(store::StoreId id);  // after the store's settings changed

 private:
  store::TenantStorage& tenants_;
  const Clock& clock_;
  TimeMs ttl_ms_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::pair<store::StoreRecord, TimeMs>> by_hash_;
};

}  // namespace herald::tenants
