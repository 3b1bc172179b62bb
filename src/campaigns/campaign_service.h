#pragma once
// Campaigns as the API and the pages manage them: stored, read back, switched on and off, and
// dry-run (who would receive the actions, nothing sent or stored).
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "campaigns/campaign.h"
#include "common/error.h"
#include "store/order_storage.h"
#include "store/records.h"

namespace herald::campaigns {

// The stored row of a campaign, and the campaign of a stored row (id, active and times from
// the row).
store::CampaignRow row_of(const Campaign& c);
Campaign campaign_of(const store::CampaignRow& row);

struct DryRun {
  std::int64_t campaign_id = 0;
  int evaluated = 0;
  // {"order_id","customer_id","channel","to","template","delay_seconds"}
  nlohmann::json recipients = nlohmann::json::array();
  nlohmann::json skipped = nlohmann::json::array();  // {"order_id","channel","reason"}
};
nlohmann::json to_json(const DryRun& d);

class CampaignService {
 public:
  explicit CampaignService(store::OrderStorage& storage) : storage_(storage) {}

  Campaign create(store::StoreId store, const Campaign& c, TimeMs now);
  // The campaign with this id replaced by `c` (its id kept); nullopt when there is none.
  std::optional<Campaign> update(store::StoreId store, std::int64_t id, Campaign c, TimeMs now);
  std::optional<Campaign> set_active(store::StoreId store, std::int64_t id, bool active,
                                     TimeMs now);
  // Throws campaign_from_stored's Error for a campaign whose stored spec cannot be read.
  std::optional<Campaign> get(store::StoreId store, std::int64_t id);
  // Whether the store has the campaign, readable or not (a PUT replaces an unreadable one).
  bool exists(store::StoreId store, std::int64_t id);
  // The campaigns that can be read; each that cannot is logged, left out, and added to
  // `unreadable` when given.
  std::vector<Campaign> list(store::StoreId store, std::vector<Error>* unreadable = nullptr);

  // The filter only: a dry run has no status change, so the trigger is not checked (`status`
  // in the context is the trigger's). One given context (order, customer, data)...
  DryRun dry_run_context(const store::StoreRecord& store, const Campaign& c,
                         nlohmann::json context);
  // ... or the stored snapshots of the store's `limit` most recently updated orders.
  DryRun dry_run_recent(const store::StoreRecord& store, const Campaign& c, int limit);

 private:
  store::OrderStorage& storage_;
};

}  // namespace herald::campaigns
