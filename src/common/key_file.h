#pragma once
// The file that holds Herald's secret-sealing key (sealed_secret.h): 64 hex digits. Every node
// that shares a database must read the same key.
#include <string>

namespace herald {

// The key's 32 raw bytes from `path`. When the file does not exist it is created (mode 0600,
// with its directory) holding a new random key; when two processes race, both read the one
// that was written first. Throws Error(bad_request, field `field`, named in the message too)
// when the file cannot be read or does not hold a key.
std::string load_or_create_key_file(const std::string& path,
                                    const std::string& field = "secrets.key_file");
// The same for a file that must exist already.
std::string load_key_file(const std::string& path, const std::string& field = "secrets.key_file");

}  // namespace herald
