#include "campaigns/campaign_worker.h"

#include <spdlog/spdlog.h>

#include <map>

#include "campaigns/campaign_planner.h"
#include "common/error.h"
#include "common/json_read.h"
#include "domain/dashboard_figures.h"
#include "intake/suppression_check.h"
#include "orders/filter.h"

namespace herald::campaigns {

using nlohmann::json;

CampaignWorker::CampaignWorker(store::TenantStorage& tenants,
                               store::SuppressionStorage& suppressions, store::OrderStorage& orders,
                               intake::IntakeService& intake, const Clock& clock,
                               std::string default_from, std::function<void()> on_queued)
    : tenants_(tenants),
      suppressions_(suppressions),
      orders_(orders),
      intake_(intake),
      clock_(clock),
      default_from_(std::move(default_from)),
      on_queued_(std::move(on_queued)) {}

CampaignWorker::~CampaignWorker() {
  stop();
}

void CampaignWorker::start() {
  loop_.add([this] { return [this] { return pass(); }; });
  loop_.start();
}

void CampaignWorker::stop() {
  loop_.stop();
}

void CampaignWorker::wake() {
  loop_.wake();
}

TimeMs CampaignWorker::pass() {
  // Another node runs the campaigns; this one asks again in a while, to take over if it stops.
  if (cluster_ && !cluster_->hold("campaigns")) return 2000;
  int done = 0;
  try {
    done = run_once();
  } catch (const std::exception& e) {
    spdlog::error("campaigns: {}", e.what());
  }
  if (done > 0) return 0;
  TimeMs wait_ms = 500;  // changes recorded by intake are picked up within this
  try {
    if (auto due = orders_.next_send_due())
      wait_ms = std::clamp<TimeMs>(*due - clock_.now_ms(), 1, 500);
  } catch (const std::exception&) {
  }
  return wait_ms;
}

namespace {
// The campaign a stored spec describes, nullopt (logged) when it cannot be read.
std::optional<Campaign> read_spec(std::int64_t id, const std::string& spec_json) {
  try {
    return campaign_from_stored(id, spec_json);
  } catch (const Error& e) {
    spdlog::error("campaigns: campaign {} cannot be read: {}", id,
                  e.detail().empty() ? e.what() : e.detail());
  } catch (const std::exception& e) {
    spdlog::error("campaigns: campaign {} cannot be read: {}", id, e.what());
  }
  return std::nullopt;
}

// A change's context as stored; discarded when it is not JSON or deeper than kMaxJsonDepth
// (an older version stored it without the limit).
json stored_context(const store::StatusChange& change) {
  auto context = read_json_or_discarded(change.context_json);
  if (context.is_discarded())
    spdlog::error(
        "campaigns: order {} status change {}: the stored context is not JSON or is "
        "nested deeper than {} levels",
        change.order_id, change.id, kMaxJsonDepth);
  else if (!context.is_object())
    context = json::object();
  return context;
}
}  // namespace

int CampaignWorker::run_once() {
  // One transaction records a whole batch: an order event is a status change, so the worker
  // keeps pace with intake, and a store's campaigns are read (and their specs parsed) once
  // per batch.
  std::map<store::StoreId, std::vector<ActiveCampaign>> campaigns;
  std::vector<store::EvaluatedChange> evaluated;
  for (auto& change : orders_.unevaluated_changes(kBatch)) {
    auto [it, fresh] = campaigns.try_emplace(change.store_id);
    if (fresh)
      for (const auto& row : orders_.list_campaigns(change.store_id, true))
        if (auto c = read_spec(row.id, row.spec_json))
          it->second.push_back({row.id, std::move(*c)});
    auto sends = sends_for(change, it->second);
    evaluated.push_back({std::move(change), std::move(sends)});
  }
  orders_.schedule_sends(evaluated, clock_.now_ms());
  const auto due = orders_.due_sends(clock_.now_ms(), kBatch);
  std::map<std::int64_t, std::optional<Campaign>> specs;  // each campaign's spec, parsed once
  for (const auto& send : due) {
    auto [it, fresh] = specs.try_emplace(send.campaign_id);
    if (fresh) it->second = read_spec(send.campaign_id, send.campaign_spec_json);
    try {
      fire(send, it->second);
    } catch (const Error& e) {
      if (is_transient(e.code())) throw;  // the database: retried next pass
      skip_failed(send, e.detail().empty() ? e.what() : e.detail());
    } catch (const std::exception& e) {
      skip_failed(send, e.what());
    }
  }
  if (!due.empty() && on_queued_) on_queued_();
  return static_cast<int>(evaluated.size() + due.size());
}

std::vector<store::ScheduledSend> CampaignWorker::sends_for(
    const store::StatusChange& change, const std::vector<ActiveCampaign>& active) {
  std::vector<store::ScheduledSend> out;
  std::optional<json> context;  // read once, when a trigger matches
  for (const auto& [id, c] : active) {
    if (!trigger_matches(c.trigger, change.type, change.from_code, change.to_code)) continue;
    if (!context) {
      context = stored_context(change);
      if (context->is_discarded()) return {};
    }
    if (!orders::filter_matches(c.filter, *context)) continue;
    for (size_t i = 0; i < c.actions.size(); ++i)
      out.push_back({id, static_cast<int>(i),
                     change.received_at + c.actions[i].delay_seconds * TimeMs{1000}});
  }
  return out;
}

// One send that cannot be planned must not hold up (or, retried each pass, spin on) the rest.
void CampaignWorker::skip_failed(const store::DueSend& send, const std::string& why) {
  spdlog::error("campaigns: campaign {} order {}: the send failed: {}", send.campaign_id,
                send.change.order_id, why);
  orders_.fire_send(send, std::nullopt, "send_error", clock_.now_ms());
}

void CampaignWorker::fire(const store::DueSend& send, const std::optional<Campaign>& spec) {
  const TimeMs now = clock_.now_ms();
  auto store = tenants_.find_store(send.store_id);
  if (!spec) return orders_.fire_send(send, std::nullopt, "campaign_unreadable", now);
  const Campaign& c = *spec;
  if (!c.active) return orders_.fire_send(send, std::nullopt, "campaign_inactive", now);
  if (!store || send.action_index >= static_cast<int>(c.actions.size()))
    return orders_.fire_send(send, std::nullopt, "action_removed", now);
  const auto& action = c.actions[static_cast<size_t>(send.action_index)];
  const auto context = stored_context(send.change);
  if (context.is_discarded())
    return orders_.fire_send(send, std::nullopt, "context_unreadable", now);
  auto templates = intake_.templates(store->id, action.template_key);
  auto planned = plan_action(
      {*store, templates, action, context, default_from_, now, send.campaign_id, send.change.id});
  if (planned.message)
    intake::check_suppressions(suppressions_, store->id, *planned.message, now);
  else
    spdlog::info("campaigns: campaign {} order {}: no {} message: {}", send.campaign_id,
                 send.change.order_id, domain::to_string(action.channel), planned.skip_reason);
  if (planned.message)
    planned.message->figures =
        domain::figures_for_new_message(send.store_id, planned.message->channel, now);
  orders_.fire_send(send, planned.message, planned.skip_reason, now);
}

}  // namespace herald::campaigns
