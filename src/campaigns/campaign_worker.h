#pragma once
// Runs campaigns: evaluates each new status change against the store's active campaigns and
// records the sends it calls for (durably, each with its due time), then fires the sends that
// are due. Time comes from the injected Clock, so delays survive a restart and are testable.
#include <functional>

#include "campaigns/campaign.h"
#include "common/clock.h"
#include "common/worker_loop.h"
#include "intake/intake_service.h"
#include "store/cluster.h"
#include "store/order_storage.h"
#include "store/suppression_storage.h"
#include "store/tenant_storage.h"

namespace herald::campaigns {

class CampaignWorker {
 public:
  CampaignWorker(store::TenantStorage& tenants, store::SuppressionStorage& suppressions,
                 store::OrderStorage& orders, intake::IntakeService& intake, const Clock& clock,
                 std::string default_from, std::function<void()> on_queued);
  ~CampaignWorker();

  void start();
  void stop();
  void wake();
  // With nodes sharing a database, the worker thread works only while this node holds the
  // cluster's "campaigns" job (run_once itself does not ask).
  void set_cluster(store::Cluster* cluster) { cluster_ = cluster; }

  // Evaluates pending changes and fires due sends on the calling thread; returns the work done.
  int run_once();

 private:
  static constexpr int kBatch = 256;

  struct ActiveCampaign {
    std::int64_t id = 0;
    Campaign spec;
  };

  // The sends `change` calls for under the store's `active` campaigns.
  std::vector<store::ScheduledSend> sends_for(const store::StatusChange& change,
                                              const std::vector<ActiveCampaign>& active);
  // `spec`: the campaign as it is now (nullopt: it cannot be read).
  void fire(const store::DueSend& send, const std::optional<Campaign>& spec);
  void skip_failed(const store::DueSend& send, const std::string& why);
  TimeMs pass();  // one turn of the worker thread; returns the wait before the next

  store::TenantStorage& tenants_;
  store::SuppressionStorage& suppressions_;
  store::OrderStorage& orders_;
  intake::IntakeService& intake_;
  const Clock& clock_;
  std::string default_from_;
  std::function<void()> on_queued_;
  store::Cluster* cluster_ = nullptr;
  WorkerLoop loop_{"campaigns"};
};

}  // namespace herald::campaigns
