#pragma once
// Herald's configuration (contract §2): a TOML file where every key has a default, and
// HERALD_<SECTION>_<KEY> environment variables that override it.
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace herald::config {

struct ServerConfig {
  std::string listen = "127.0.0.1:8080";
  std::string public_url = "http://127.0.0.1:8080";
  int threads = 0;  // HTTP threads; 0 = one per core
  // Lowered at start to fit the open-file limit (RLIMIT_NOFILE) with room for the rest.
  int max_connections = 1000;
  int header_timeout_seconds = 10;  // to receive a request's headers (slowloris)
  int idle_timeout_seconds = 75;    // keep-alive wait for the next request
  // Password checks run on their own threads, off the HTTP threads; logins beyond the running
  // and `login_queue` waiting ones are answered 503 at once.
  int login_workers = 1;
  int login_queue = 16;
  // Names this node in /metrics, in timeline events and on the messages it has claimed;
  // empty: HOST:PID. Two running nodes must not share one.
  std::string node_id;
};

struct StorageConfig {
  std::string url = "sqlite://herald-data/herald.db";
  // A claimed message returns to the queue this long after its node stopped renewing the claim
  // (a node renews its claims every lease_seconds / 3 while it runs).
  int lease_seconds = 30;
};

struct EmailConfig {
  // "smtp": the relay at smtp_url; "capture": recorded as sent, nothing leaves the machine.
  std::string transport = "smtp";
  std::string smtp_url = "smtp://127.0.0.1:25";
  std::string username;
  std::string password;
  std::string default_from = "shop@example.com";
  int connections = 4;
  bool verify_tls = true;  // check the relay's certificate (off only for a trusted local relay)
  int connect_timeout_seconds = 10;   // to open the TCP connection to the relay
  int greeting_timeout_seconds = 10;  // then to receive its 220 greeting
  // After this many sessions in a row that could not be opened (no connection, no greeting,
  // a refused greeting) the relay counts as down: its messages are deferred at once for
  // `breaker_cooldown_seconds`, then one send probes it.
  int breaker_failures = 3;
  int breaker_cooldown_seconds = 30;
};

struct SmsConfig {
  std::string provider = "kannel";
  std::string url = "http://127.0.0.1:13013/cgi-bin/sendsms";
  std::string username;
  std::string password;
  std::string sender = "SHOP";
};

struct TrackingConfig {
  bool opens = true;
  bool clicks = true;
  std::string secret;
};

// Credentials that prove a provider's callback is genuine (contract §6): the [providers]
// section as written (sendgrid_public_key, mailgun_signing_key, ...); each provider reads its own.
struct ProvidersConfig {
  std::map<std::string, std::string, std::less<>> values;
  // "" when not set.
  std::string get(std::string_view key) const;
};

struct RetentionConfig {
  int content_days = 180;
  int metadata_days = 400;
  int oms_calls_days = 30;  // every store's OMS call log (its status history follows metadata_days)
};

struct WorkersConfig {
  int threads = 0;
  int retry_initial_seconds = 60;  // first retry of a deferred message
  int retry_max_seconds = 3600;    // backoff cap
  int max_attempts = 10;           // then the message fails
};

// The OMS connector's background work: orders pushed (contract §12.5) and the inventory sync
// (§12.4); tests shorten the times.
struct OmsConfig {
  int missing_after_seconds = 900;  // a prepaid order unpaid this long is asked about at the OMS
  int missing_check_seconds = 300;  // then again this often while it stays missing
  int retry_initial_seconds = 60;   // first retry of a push the OMS did not take (then doubled)
  int retry_max_seconds = 3600;     // backoff cap
  int sync_interval_seconds = 0;    // 0: each store's inventory_sync_minutes
  int sync_retry_initial_seconds = 30;  // first retry of a sync the OMS did not answer
  int timeout_seconds = 10;             // each OMS call, connecting included (contract §12.2)
};

struct Config {
  ServerConfig server;
  StorageConfig storage;
  EmailConfig email;
  SmsConfig sms;
  TrackingConfig tracking;
  ProvidersConfig providers;
  RetentionConfig retention;
  WorkersConfig workers;
  OmsConfig oms;
};

using EnvLookup = std::function<const char*(const char*)>;

// Reads `path` (empty: defaults only), then applies environment overrides; for the
// [providers] section those are HERALD_PROVIDERS_<KEY> for each of `provider_keys`.
// Throws herald::Error(bad_request) naming the file and key at fault.
Config load(const std::string& path, const EnvLookup& env = nullptr,
            const std::vector<std::string>& provider_keys = {});

}  // namespace herald::config
