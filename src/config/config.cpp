#include "config/config.h"

#include <cstdlib>
#include <fstream>
#include <toml.hpp>

#include "common/error.h"

namespace herald::config {

namespace {

// Visits every key once, so that file values and environment overrides share one table.
template <typename Visitor>
void visit_keys(Config& c, Visitor&& v) {
  v("server", "listen", c.server.listen);
  v("server", "public_url", c.server.public_url);
  v("server", "threads", c.server.threads);
  v("server", "max_connections", c.server.max_connections);
  v("server", "header_timeout_seconds", c.server.header_timeout_seconds);
  v("server", "idle_timeout_seconds", c.server.idle_timeout_seconds);
  v("server", "login_workers", c.server.login_workers);
  v("server", "login_queue", c.server.login_queue);
  v("server", "node_id", c.server.node_id);
  v("storage", "url", c.storage.url);
  v("storage", "lease_seconds", c.storage.lease_seconds);
  v("email", "transport", c.email.transport);
  v("email", "smtp_url", c.email.smtp_url);
  v("email", "username", c.email.username);
  v("email", "password", c.email.password);
  v("email", "default_from", c.email.default_from);
  v("email", "connections", c.email.connections);
  v("email", "verify_tls", c.email.verify_tls);
  v("email", "connect_timeout_seconds", c.email.connect_timeout_seconds);
  v("email", "greeting_timeout_seconds", c.email.greeting_timeout_seconds);
  v("email", "breaker_failures", c.email.breaker_failures);
  v("email", "breaker_cooldown_seconds", c.email.breaker_cooldown_seconds);
  v("sms", "provider", c.sms.provider);
  v("sms", "url", c.sms.url);
  v("sms", "username", c.sms.username);
  v("sms", "password", c.sms.password);
  v("sms", "sender", c.sms.sender);
  v("tracking", "opens", c.tracking.opens);
  v("tracking", "clicks", c.tracking.clicks);
  v("tracking", "secret", c.tracking.secret);
  v("retention", "content_days", c.retention.content_days);
  v("retention", "metadata_days", c.retention.metadata_days);
  v("retention", "oms_calls_days", c.retention.oms_calls_days);
  v("workers", "threads", c.workers.threads);
  v("workers", "retry_initial_seconds", c.workers.retry_initial_seconds);
  v("workers", "retry_max_seconds", c.workers.retry_max_seconds);
  v("workers", "max_attempts", c.workers.max_attempts);
  v("oms", "missing_after_seconds", c.oms.missing_after_seconds);
  v("oms", "missing_check_seconds", c.oms.missing_check_seconds);
  v("oms", "retry_initial_seconds", c.oms.retry_initial_seconds);
  v("oms", "retry_max_seconds", c.oms.retry_max_seconds);
  v("oms", "sync_interval_seconds", c.oms.sync_interval_seconds);
  v("oms", "sync_retry_initial_seconds", c.oms.sync_retry_initial_seconds);
  v("oms", "timeout_seconds", c.oms.timeout_seconds);
}

std::string upper(std::string s) {
  for (auto& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

void parse_env(const std::string&, const std::string& text, std::string& out) {
  out = text;
}
void parse_env(const std::string& name, const std::string& text, int& out) {
  try {
    size_t used = 0;
    out = std::stoi(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    throw bad_request(name + ": expected an integer, got '" + text + "'", name);
  }
}
void parse_env(const std::string& name, const std::string& text, bool& out) {
  if (text == "true" || text == "1")
    out = true;
  else if (text == "false" || text == "0")
    out = false;
  else
    throw bad_request(name + ": expected true or false, got '" + text + "'", name);
}

void validate(const Config& c) {
  auto positive = [](int v, const char* key) {
    if (v <= 0) throw bad_request(std::string(key) + " must be positive", key);
  };
  auto in_range = [](int v, int lo, int hi, const char* key) {
    if (v < lo || v > hi)
      throw bad_request(std::string(key) + " must be between " + std::to_string(lo) + " and " +
                            std::to_string(hi) + ", got " + std::to_string(v),
                        key);
  };
  in_range(c.server.max_connections, 1, 1000000, "server.max_connections");
  in_range(c.server.header_timeout_seconds, 1, 3600, "server.header_timeout_seconds");
  in_range(c.server.idle_timeout_seconds, 1, 3600, "server.idle_timeout_seconds");
  in_range(c.storage.lease_seconds, 3, 86400, "storage.lease_seconds");
  if (c.server.node_id.size() > 200)
    throw bad_request("server.node_id must be at most 200 characters", "server.node_id");
  positive(c.email.connections, "email.connections");
  in_range(c.email.connect_timeout_seconds, 1, 3600, "email.connect_timeout_seconds");
  in_range(c.email.greeting_timeout_seconds, 1, 3600, "email.greeting_timeout_seconds");
  in_range(c.email.breaker_failures, 1, 1000, "email.breaker_failures");
  in_range(c.email.breaker_cooldown_seconds, 1, 86400, "email.breaker_cooldown_seconds");
  positive(c.workers.retry_initial_seconds, "workers.retry_initial_seconds");
  positive(c.workers.retry_max_seconds, "workers.retry_max_seconds");
  positive(c.workers.max_attempts, "workers.max_attempts");
  in_range(c.retention.oms_calls_days, 1, 36500, "retention.oms_calls_days");
  in_range(c.oms.missing_after_seconds, 1, 7 * 86400, "oms.missing_after_seconds");
  in_range(c.oms.missing_check_seconds, 1, 86400, "oms.missing_check_seconds");
  in_range(c.oms.retry_initial_seconds, 1, 86400, "oms.retry_initial_seconds");
  in_range(c.oms.retry_max_seconds, 1, 7 * 86400, "oms.retry_max_seconds");
  in_range(c.oms.sync_interval_seconds, 0, 86400, "oms.sync_interval_seconds");
  in_range(c.oms.sync_retry_initial_seconds, 1, 86400, "oms.sync_retry_initial_seconds");
  in_range(c.oms.timeout_seconds, 1, 300, "oms.timeout_seconds");
  positive(c.server.login_workers, "server.login_workers");
  if (c.server.login_queue < 0)
    throw bad_request("server.login_queue must be >= 0", "server.login_queue");
  if (c.workers.threads < 0) throw bad_request("workers.threads must be >= 0", "workers.threads");
  if (c.server.listen.rfind(':') == std::string::npos)
    throw bad_request("server.listen must be HOST:PORT", "server.listen");
}

// Every key of [providers] as text; each provider knows which it reads.
void read_providers(const toml::value& root, const std::string& path, ProvidersConfig& out) {
  if (!root.contains("providers")) return;
  const auto& table = root.at("providers");
  if (!table.is_table()) throw bad_request(path + ": providers must be a table", "providers");
  for (const auto& [key, value] : table.as_table()) {
    if (!value.is_string())
      throw bad_request(path + ": providers." + key + " has the wrong type", "providers." + key);
    out.values[key] = toml::get<std::string>(value);
  }
}

}  // namespace

std::string ProvidersConfig::get(std::string_view key) const {
  auto it = values.find(key);
  return it == values.end() ? std::string() : it->second;
}

Config load(const std::string& path, const EnvLookup& env,
            const std::vector<std::string>& provider_keys) {
  Config c;
  if (!path.empty()) {
    std::ifstream probe(path);
    if (!probe) throw bad_request(path + ": cannot read the configuration file", "config");
    toml::value root;
    try {
      root = toml::parse(path);
    } catch (const std::exception& e) {
      throw bad_request(std::string(e.what()), "config");
    }
    visit_keys(c, [&](const char* section, const char* key, auto& field) {
      if (!root.contains(section)) return;
      const auto& table = root.at(section);
      if (!table.is_table() || !table.contains(key)) return;
      try {
        field = toml::get<std::decay_t<decltype(field)>>(table.at(key));
      } catch (const std::exception&) {
        std::string name = std::string(section) + "." + key;
        throw bad_request(path + ": " + name + " has the wrong type", name);
      }
    });
    read_providers(root, path, c.providers);
  }
  auto lookup = env ? env : [](const char* n) -> const char* { return std::getenv(n); };
  visit_keys(c, [&](const char* section, const char* key, auto& field) {
    std::string var = "HERALD_" + upper(section) + "_" + upper(key);
    if (const char* value = lookup(var.c_str())) parse_env(var, value, field);
  });
  for (const auto& key : provider_keys)
    if (const char* value = lookup(("HERALD_PROVIDERS_" + upper(key)).c_str()))
      c.providers.values[key] = value;
  validate(c);
  return c;
}

}  // namespace herald::config
