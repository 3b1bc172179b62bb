#pragma once
// [secrets] key_file: the key that seals secrets kept in the database (an OMS connector's
// token and webhook secret; common/sealed_secret.h). Only `herald serve` reads it, so it is
// read here, beside the Config the other commands share. Nodes that share one database must
// all name the same key.
#include <string>

#include "config/config.h"

namespace herald::config {

// The file named by [secrets] key_file in `config_path` (HERALD_SECRETS_KEY_FILE overrides),
// else `secrets.key` next to the SQLite database of `storage_url`, or
// `herald-data/secrets.key` for PostgreSQL. Throws bad_request naming secrets.key_file when
// the value is not a string.
std::string secrets_key_path(const std::string& config_path, const std::string& storage_url,
                             const EnvLookup& env = nullptr);

}  // namespace herald::config
