#include "tenants/api_keys.h"

#include <cctype>

#include "common/error.h"
#include "common/ids.h"

namespace herald::tenants {

std::string new_api_key() {
  return "hk_" + random_hex(24);
}

std::string hash_api_key(const std::string& key) {
  return sha256_hex(key);
}

std::string bearer_token(std::string_view header) {
  constexpr std::string_view scheme = "bearer";
  if (header.size() <= scheme.size() || header[scheme.size()] != ' ') return {};
  for (std::size_t i = 0; i < scheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) return {};
  const auto start = header.find_first_not_of(' ', scheme.size());
  return start == std::string_view::npos ? std::string() : std::string(header.substr(start));
}

std::string revoked_key_hash() {
  return "revoked:" + random_hex(16);
}

store::StoreRecord KeyCache::authenticate(const http::Request& req) {
  const std::string key = bearer_token(req.header(http::bhttp::field::authorization));
  if (key.empty())
    throw Error(ErrorCode::unauthorized, "missing API key (Authorization: Bearer <key>)",
                "Authorization");
  const auto hash = hash_api_key(key);
  const TimeMs now = clock_.now_ms();
  {
    std::lock_guard lock(mutex_);
    auto it = by_hash_.find(hash);
    if (it != by_hash_.end() && now - it->second.second < ttl_ms_) return it->second.first;
  }
  auto store = tenants_.find_store_by_key_hash(hash);
  if (!store) throw Error(ErrorCode::unauthorized, "unknown API key", "Authorization");
  std::lock_guard lock(mutex_);
  by_hash_[hash] = {*store, now};
  return *store;
}

void KeyCache::forget(store::StoreId id) {
  std::lock_guard lock(mutex_);
  std::erase_if(by_hash_, [id](const auto& entry) { return entry.second.first.id == id; });
}

}  // namespace herald::tenants
