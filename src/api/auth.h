#pragma once
// API keys name the store: "Authorization: Bearer <key>". Keys are stored as SHA-256 hashes.
#include <string>

#include "http/message.h"
#include "store/storage.h"

namespace herald::api {

std::string new_api_key();
std::string hash_api_key(const std::string& key);

// Throws Error(unauthorized) for a missing or unknown key.
store::StoreRecord authenticate(const http::Request& req, store::Storage& storage);

// When the store has a webhook secret, X-Herald-Signature: sha256=<hex HMAC of the raw body>
// must match. Throws Error(unauthorized) otherwise.
void verify_webhook_signature(const http::Request& req, const store::StoreRecord& store);

}  // namespace herald::api
