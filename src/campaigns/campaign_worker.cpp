#include "campaigns/campaign_worker.h"

#include <spdlog/spdlog.h>

#include <map>

#include "campaigns/campaign_planner.h"
#include "orders/filter.h"

namespace herald::campaigns {

using nlohmann::json;

CampaignWorker::CampaignWorker(store::Storage& storage, store::OrderStorage& orders,
                               intake::IntakeService& intake, const Clock& clock,
                               std::string default_from, std::function<void()> on_queued)
    : storage_(storage),
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

int CampaignWorker::run_once() {
  // One transaction records a whole batch: an order event is a status change, so the worker
  // keeps pace with intake, and a store's campaigns are read once per batch.
  std::map<store::StoreId, std::vector<store::CampaignRow>> campaigns;
  std::vector<store::EvaluatedChange> evaluated;
  for (auto& change : orders_.unevaluated_changes(kBatch)) {
    auto [it, fresh] = campaigns.try_emplace(change.store_id);
    if (fresh) it->second = orders_.list_campaigns(change.store_id, true);
    auto sends = sends_for(change, it->second);
    evaluated.push_back({std::move(change), std::move(sends)});
  }
  orders_.schedule_sends(evaluated, clock_.now_ms());
  const auto due = orders_.due_sends(clock_.now_ms(), kBatch);
  for (const auto& send : due) fire(send);
  if (!due.empty() && on_queued_) on_queued_();
  return static_cast<int>(evaluated.size() + due.size());
}

std::vector<store::ScheduledSend> CampaignWorker::sends_for(
    const store::StatusChange& change, const std::vector<store::CampaignRow>& active) {
  std::vector<store::ScheduledSend> out;
  if (active.empty()) return out;
  auto context = json::parse(change.context_json, nullptr, false);
  if (!context.is_object()) context = json::object();
  for (const auto& row : active) {
    Campaign c;
    try {
      c = campaign_from_json(json::parse(row.spec_json));
    } catch (const std::exception& e) {
      spdlog::error("campaigns: campaign {} cannot be read: {}", row.id, e.what());
      continue;
    }
    if (!trigger_matches(c.trigger, change.type, change.from_code, change.to_code)) continue;
    if (!orders::filter_matches(c.filter, context)) continue;
    for (size_t i = 0; i < c.actions.size(); ++i)
      out.push_back({row.id, static_cast<int>(i),
                     change.received_at + c.actions[i].delay_seconds * TimeMs{1000}});
  }
  return out;
}

void CampaignWorker::fire(const store::DueSend& send) {
  const TimeMs now = clock_.now_ms();
  auto store = storage_.find_store(send.store_id);
  Campaign c;
  try {
    c = campaign_from_json(json::parse(send.campaign_spec_json));
  } catch (const std::exception&) {
    return orders_.fire_send(send, std::nullopt, "campaign_unreadable", now);
  }
  if (!c.active) return orders_.fire_send(send, std::nullopt, "campaign_inactive", now);
  if (!store || send.action_index >= static_cast<int>(c.actions.size()))
    return orders_.fire_send(send, std::nullopt, "action_removed", now);
  const auto& action = c.actions[static_cast<size_t>(send.action_index)];
  auto context = json::parse(send.change.context_json, nullptr, false);
  if (!context.is_object()) context = json::object();
  auto templates = intake_.templates(store->id, action.template_key);
  auto planned = plan_action(
      {*store, templates, action, context, default_from_, now, send.campaign_id, send.change.id});
  if (!planned.message)
    spdlog::info("campaigns: campaign {} order {}: no {} message: {}", send.campaign_id,
                 send.change.order_id, domain::to_string(action.channel), planned.skip_reason);
  orders_.fire_send(send, planned.message, planned.skip_reason, now);
}

}  // namespace herald::campaigns
