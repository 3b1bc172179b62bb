#pragma once
// A store's OMS connector settings (contract §12.1): checked, with the affiliate token and the
// webhook secret sealed before they are stored and masked when shown.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/clock.h"
#include "common/sealed_secret.h"
#include "store/oms_storage.h"

namespace herald::oms {

struct Settings {
  std::string provider = "fynd";
  std::string api_url;
  std::string affiliate_id;
  std::string affiliate_token;  // clear
  std::string secret;           // clear
  std::int64_t safety_stock = 0;
  int inventory_sync_minutes = 15;
  bool enabled = true;
  TimeMs updated_at = 0;
};

inline constexpr int kMinSyncMinutes = 15, kMaxSyncMinutes = 60;

// "••••" and the last four characters (only "••••" for a value under 8 characters).
std::string mask(const std::string& clear);

class SettingsService {
 public:
  SettingsService(store::OmsStorage& storage, const SecretSealer& sealer, const Clock& clock)
      : storage_(storage), sealer_(sealer), clock_(clock) {}

  // The store's settings with the credentials in clear; nullopt when none were stored.
  std::optional<Settings> get(store::StoreId store);
  // Applies a PUT body: members left out keep their stored value (the token and secret also
  // when null, "" or still masked). Throws bad_request naming the field.
  Settings put(store::StoreId store, const nlohmann::json& body);

  // As GET /v1/oms shows them: the token and secret masked.
  static nlohmann::json to_json(const Settings& s);

 private:
  store::OmsStorage& storage_;
  const SecretSealer& sealer_;
  const Clock& clock_;
};

// Re-seals every store's affiliate token and webhook secret, sealed under `from`, under `to`, in
// one transaction (herald secrets rotate); a value already under `to` is kept, so the command
// may run again. Answers how many stores. Throws bad_request naming secrets.key_file when a
// value is sealed under neither key (nothing written), unavailable when the credentials kept
// changing meanwhile.
std::size_t reseal_every_store(store::OmsStorage& storage, const SecretSealer& from,
                               const SecretSealer& to);

}  // namespace herald::oms
