#pragma once
// The `herald` subcommands (contract §1). Each returns the process exit code:
// 0 success, 1 runtime failure, 2 bad usage or bad input.
#include <string>
#include <vector>

namespace herald::cli {

struct StoreAddOptions {
  std::string slug, name, webhook_secret, country = "NO", locale = "en", owner_email;
};

int serve(const std::string& config_path);
int store_add(const std::string& config_path, const StoreAddOptions& options);
// A new API key for the store (printed like store_add's); the old one stops working.
int store_key_rotate(const std::string& config_path, const std::string& slug);
// The store's key stops working and no key works until store_key_rotate.
int store_key_revoke(const std::string& config_path, const std::string& slug);
int demo(const std::string& config_path, int messages);
// One JSON line per store: what was (or, with dry_run, would be) removed.
int purge(const std::string& config_path, bool dry_run);
// Creates an admin user for the pages; the password from stdin or a no-echo prompt.
int user_add(const std::string& config_path, const std::string& email, bool password_stdin);
// Prints one JSON line per file (contract §6); 2 when a file cannot be read.
int bounce_parse(const std::vector<std::string>& files);
int bounce_ingest(const std::string& config_path);
// Applies the database's missing migrations; prints one JSON line of what it did.
int migrate(const std::string& config_path);
// Copies every row of the database at `from` into the empty one at `to` (either backend);
// prints one JSON line of rows per table; 2 when `to` is not empty.
int copy(const std::string& from, const std::string& to);
// Re-seals every store's OMS credentials under the key in `new_key_file` (created when missing);
// prints one JSON line {"stores","old_key","new_key","new_key_file"}.
int secrets_rotate(const std::string& config_path, const std::string& new_key_file);

// Resolves --config: the option, else $HERALD_CONFIG, else none (defaults + environment).
std::string config_path_or_env(const std::string& option);

}  // namespace herald::cli
