#include "api/auth.h"

#include "common/error.h"
#include "common/ids.h"

namespace herald::api {

std::string new_api_key() { return "hk_" + random_hex(24); }

std::string hash_api_key(const std::string& key) { return sha256_hex(key); }

store::StoreRecord authenticate(const http::Request& req, store::Storage& storage) {
  const std::string header = req.header(http::bhttp::field::authorization);
  const std::string prefix = "Bearer ";
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0)
    throw Error(ErrorCode::unauthorized, "missing API key (Authorization: Bearer <key>)",
                "Authorization");
  auto store = storage.find_store_by_key_hash(hash_api_key(header.substr(prefix.size())));
  if (!store) throw Error(ErrorCode::unauthorized, "unknown API key", "Authorization");
  return *store;
}

void verify_webhook_signature(const http::Request& req, const store::StoreRecord& store) {
  if (store.webhook_secret.empty()) return;
  const std::string given = req.header("X-Herald-Signature");
  const std::string expected = "sha256=" + hmac_sha256_hex(store.webhook_secret, req.body());
  if (given.empty())
    throw Error(ErrorCode::unauthorized, "missing X-Herald-Signature", "X-Herald-Signature");
  if (!constant_time_equal(given, expected))
    throw Error(ErrorCode::unauthorized, "bad X-Herald-Signature", "X-Herald-Signature");
}

}  // namespace herald::api
