#pragma once
// A store's OMS connector (contract §12): its settings, with the affiliate token and the
// webhook secret kept sealed (encrypted by the service; the backend never sees them in clear),
// the log of the calls Herald made to the OMS and the statuses it reported. Every method is
// confined to the StoreId but the two that re-seal every store's credentials under a new key
// (herald secrets rotate).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"

namespace herald::store {

using StoreId = std::int64_t;

struct OmsSettingsRow {
  std::string provider;
  std::string api_url;
  std::string affiliate_id;
  std::string sealed_token;   // common/sealed_secret.h
  std::string sealed_secret;  // common/sealed_secret.h
  std::int64_t safety_stock = 0;
  int inventory_sync_minutes = 15;
  bool enabled = true;
  TimeMs updated_at = 0;
};

// A store's sealed credentials as stored.
struct SealedOmsCredentials {
  StoreId store_id = 0;
  std::string sealed_token, sealed_secret;
};

struct OmsCall {
  std::int64_t id = 0;  // increasing with each call logged; the list's cursor
  TimeMs at = 0;
  std::string method, path;
  int status = 0;
  std::int64_t ms = 0;
  std::string error, order_id;
};

// One status the OMS reported for an order by webhook, kept whether or not it became an event.
struct OmsStatusEntry {
  std::string event_id;  // the webhook's event id; kept once
  std::string order_id, shipment_id, status;
  TimeMs at = 0;  // when the OMS says it happened (0: it did not say)
  TimeMs received_at = 0;
  // Read only: the type of the stored order event it became (a §4 type or a status code the
  // store defined); empty when it was only kept here.
  std::string event_type;
};

class OmsStorage {
 public:
  virtual ~OmsStorage() = default;

  virtual std::optional<OmsSettingsRow> get_oms_settings(StoreId store) = 0;
  // Creates or replaces the store's settings.
  virtual void put_oms_settings(StoreId store, const OmsSettingsRow& s) = 0;
  // The stores whose connector is enabled, for background work.
  virtual std::vector<StoreId> stores_with_oms_enabled() = 0;

  // Every store's sealed credentials, by store id.
  virtual std::vector<SealedOmsCredentials> sealed_oms_credentials() = 0;
  // In one transaction, each store of `was` given the credentials of `now` (same stores, same
  // order), only where they still are those of `was`: false, with nothing written, when one of
  // them changed meanwhile.
  virtual bool replace_sealed_oms_credentials(const std::vector<SealedOmsCredentials>& was,
                                              const std::vector<SealedOmsCredentials>& now) = 0;

  // Keeps a reported status unless its event id is already kept (then false).
  virtual bool add_oms_status(StoreId store, const OmsStatusEntry& e) = 0;
  // The order's reported statuses, in the order they happened (then as received), each with the
  // type of the event stored under its event id, if any.
  virtual std::vector<OmsStatusEntry> oms_statuses(StoreId store, const std::string& order_id) = 0;

  // Retention: removes, a batch per transaction, the statuses received before `before`; a dry
  // run only counts. Returns how many (would) go.
  virtual std::int64_t purge_oms_statuses(StoreId store, TimeMs before, bool dry_run) = 0;

  virtual void add_oms_call(StoreId store, const OmsCall& c) = 0;
  // Newest first, at most `limit`, only calls with an id below `before` when it is given.
  virtual std::vector<OmsCall> list_oms_calls(StoreId store, int limit,
                                              std::optional<std::int64_t> before) = 0;
  // Retention: removes, a batch per transaction, the calls made before `before`; a dry run
  // only counts. Returns how many (would) go.
  virtual std::int64_t purge_oms_calls(StoreId store, TimeMs before, bool dry_run) = 0;
};

}  // namespace herald::store
