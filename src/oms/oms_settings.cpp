#include "oms/oms_settings.h"

#include "common/error.h"
#include "oms/registry.h"

namespace herald::oms {

namespace {
using nlohmann::json;

constexpr const char* kMaskDots = "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2";  // ••••
constexpr std::int64_t kMaxSafetyStock = 1000000000;

std::string context(store::StoreId store, const char* field) {
  return "oms:" + std::to_string(store) + ":" + field;
}

std::string text_member(const json& body, const char* key, const std::string& stored) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return stored;
  if (!it->is_string()) throw bad_request(std::string(key) + " must be a string", key);
  return it->get<std::string>();
}

// The token or secret: kept when left out, null, "" or sent back masked as GET showed it.
std::string credential_member(const json& body, const char* key, const std::string& stored) {
  const std::string v = text_member(body, key, stored);
  if (v.empty() || v.rfind(kMaskDots, 0) == 0) return stored;
  return v;
}

std::int64_t int_member(const json& body, const char* key, std::int64_t stored, std::int64_t min,
                        std::int64_t max) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return stored;
  const std::string range =
      " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!it->is_number_integer()) throw bad_request(std::string(key) + range, key);
  const auto v = it->get<std::int64_t>();
  if (v < min || v > max) throw bad_request(std::string(key) + range, key);
  return v;
}

bool has_control_or_space(const std::string& s) {
  for (unsigned char c : s)
    if (c <= 0x20 || c == 0x7f) return true;
  return false;
}

void check(const Settings& s) {
  if (!is_known_provider(s.provider))
    throw bad_request("provider must be one of the known OMS providers (fynd)", "provider");
  const bool http = s.api_url.rfind("http://", 0) == 0 || s.api_url.rfind("https://", 0) == 0;
  if (!http || s.api_url.size() <= 8 || has_control_or_space(s.api_url) ||
      s.api_url.find('?') != std::string::npos || s.api_url.find('#') != std::string::npos)
    throw bad_request("api_url must be an http:// or https:// URL without query", "api_url");
  if (s.affiliate_id.empty() || has_control_or_space(s.affiliate_id))
    throw bad_request("affiliate_id must be given, without spaces", "affiliate_id");
  if (s.affiliate_token.empty() || has_control_or_space(s.affiliate_token))
    throw bad_request("affiliate_token must be given, without spaces", "affiliate_token");
  if (s.secret.empty()) throw bad_request("secret must be given", "secret");
}
}  // namespace

std::string mask(const std::string& clear) {
  if (clear.size() < 8) return kMaskDots;
  return kMaskDots + clear.substr(clear.size() - 4);
}

std::optional<Settings> SettingsService::get(store::StoreId store) {
  const auto row = storage_.get_oms_settings(store);
  if (!row) return std::nullopt;
  return Settings{row->provider,
                  row->api_url,
                  row->affiliate_id,
                  sealer_.open(row->sealed_token, context(store, "affiliate_token")),
                  sealer_.open(row->sealed_secret, context(store, "secret")),
                  row->safety_stock,
                  row->inventory_sync_minutes,
                  row->enabled,
                  row->updated_at};
}

Settings SettingsService::put(store::StoreId store, const json& body) {
  if (!body.is_object()) throw bad_request("the body must be a JSON object", "body");
  Settings s = get(store).value_or(Settings{});
  s.provider = text_member(body, "provider", s.provider);
  s.api_url = text_member(body, "api_url", s.api_url);
  s.affiliate_id = text_member(body, "affiliate_id", s.affiliate_id);
  s.affiliate_token = credential_member(body, "affiliate_token", s.affiliate_token);
  s.secret = credential_member(body, "secret", s.secret);
  s.safety_stock = int_member(body, "safety_stock", s.safety_stock, 0, kMaxSafetyStock);
  s.inventory_sync_minutes = static_cast<int>(int_member(
      body, "inventory_sync_minutes", s.inventory_sync_minutes, kMinSyncMinutes, kMaxSyncMinutes));
  if (auto it = body.find("enabled"); it != body.end() && !it->is_null()) {
    if (!it->is_boolean()) throw bad_request("enabled must be true or false", "enabled");
    s.enabled = it->get<bool>();
  }
  check(s);
  s.updated_at = clock_.now_ms();
  storage_.put_oms_settings(store,
                            {s.provider, s.api_url, s.affiliate_id,
                             sealer_.seal(s.affiliate_token, context(store, "affiliate_token")),
                             sealer_.seal(s.secret, context(store, "secret")), s.safety_stock,
                             s.inventory_sync_minutes, s.enabled, s.updated_at});
  return s;
}

namespace {
std::string resealed(const std::string& sealed, const std::string& context,
                     const SecretSealer& from, const SecretSealer& to) {
  if (sealed.empty()) return sealed;
  const auto id = SecretSealer::key_id_of(sealed);
  if (id == to.key_id()) {
    to.open(sealed, context);  // throws when it is damaged
    return sealed;
  }
  if (id != from.key_id())
    throw bad_request("a secret (" + context + ") is sealed with key " + id +
                          ", neither the current key " + from.key_id() +
                          " (secrets.key_file) nor the new " + to.key_id(),
                      "secrets.key_file");
  return to.seal(from.open(sealed, context), context);
}
}  // namespace

std::size_t reseal_every_store(store::OmsStorage& storage, const SecretSealer& from,
                               const SecretSealer& to) {
  // A PUT /v1/oms on a running node may change a store's credentials meanwhile: read again.
  for (int attempt = 0; attempt < 5; ++attempt) {
    const auto was = storage.sealed_oms_credentials();
    auto now = was;
    for (auto& c : now) {
      c.sealed_token = resealed(c.sealed_token, context(c.store_id, "affiliate_token"), from, to);
      c.sealed_secret = resealed(c.sealed_secret, context(c.store_id, "secret"), from, to);
    }
    if (storage.replace_sealed_oms_credentials(was, now)) return was.size();
  }
  throw Error(ErrorCode::unavailable,
              "the OMS credentials kept changing while they were re-sealed: run it again");
}

json SettingsService::to_json(const Settings& s) {
  return {{"provider", s.provider},
          {"api_url", s.api_url},
          {"affiliate_id", s.affiliate_id},
          {"affiliate_token", mask(s.affiliate_token)},
          {"secret", mask(s.secret)},
          {"safety_stock", s.safety_stock},
          {"inventory_sync_minutes", s.inventory_sync_minutes},
          {"enabled", s.enabled},
          {"updated_at", format_rfc3339(s.updated_at)}};
}

}  // namespace herald::oms
