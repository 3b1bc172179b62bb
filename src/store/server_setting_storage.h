#pragma once
// Server-wide settings kept in the database (e.g. the generated tracking secret), as opposed
// to a store's own settings (tenant_storage.h).
#include <optional>
#include <string>

namespace herald::store {

class ServerSettingStorage {
 public:
  virtual ~ServerSettingStorage() = default;

  virtual std::optional<std::string> get_setting(const std::string& key) = 0;
  // Stores `value` unless the key exists; returns the stored value either way.
  virtual std::string put_setting_once(const std::string& key, const std::string& value) = 0;
};

}  // namespace herald::store
