#pragma once
#include <string>

#include "common/clock.h"

namespace herald {

// A ULID: 26 Crockford base32 characters, sortable by creation time, unguessable.
std::string new_ulid(TimeMs now);

// A random secret as lowercase hex (API keys, tracking secrets).
std::string random_hex(size_t bytes);

// SHA-256 as lowercase hex; HMAC-SHA256 as lowercase hex.
std::string sha256_hex(const std::string& data);
std::string hmac_sha256_hex(const std::string& key, const std::string& data);

// Compares in time independent of where the strings differ.
bool constant_time_equal(const std::string& a, const std::string& b);

}  // namespace herald
