#include "config/secrets_key.h"

#include <cstdlib>
#include <toml.hpp>

#include "common/error.h"

namespace herald::config {

namespace {
constexpr const char* kKey = "secrets.key_file";

std::string from_file(const std::string& path) {
  if (path.empty()) return {};
  toml::value root;
  try {
    root = toml::parse(path);
  } catch (const std::exception& e) {
    throw bad_request(std::string(e.what()), "config");
  }
  if (!root.contains("secrets") || !root.at("secrets").is_table()) return {};
  const auto& table = root.at("secrets");
  if (!table.contains("key_file")) return {};
  if (!table.at("key_file").is_string())
    throw bad_request(path + ": " + kKey + " has the wrong type", kKey);
  return toml::get<std::string>(table.at("key_file"));
}
}  // namespace

std::string secrets_key_path(const std::string& config_path, const std::string& storage_url,
                             const EnvLookup& env) {
  auto lookup = env ? env : [](const char* n) -> const char* { return std::getenv(n); };
  std::string file = from_file(config_path);
  if (const char* v = lookup("HERALD_SECRETS_KEY_FILE")) file = v;
  if (!file.empty()) return file;
  const std::string sqlite = "sqlite://";
  if (storage_url.rfind(sqlite, 0) == 0) {
    const std::string db = storage_url.substr(sqlite.size());
    const auto slash = db.rfind('/');
    return slash == std::string::npos ? "secrets.key" : db.substr(0, slash + 1) + "secrets.key";
  }
  return "herald-data/secrets.key";
}

}  // namespace herald::config
