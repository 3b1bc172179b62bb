#include "campaigns/campaign_service.h"

#include <spdlog/spdlog.h>

#include "campaigns/campaign_planner.h"
#include "common/error.h"
#include "common/json_read.h"
#include "orders/filter.h"

namespace herald::campaigns {

namespace {
using nlohmann::json;

json member_id(const json& context, const char* key) {
  return context.contains(key) && context[key].is_object() ? context[key].value("id", json(nullptr))
                                                           : json(nullptr);
}

void evaluate(const store::StoreRecord& store, const Campaign& c, json context, DryRun& out) {
  context["status"] = {{"type", c.trigger.status_type},
                       {"from", c.trigger.from.value_or("")},
                       {"to", c.trigger.to.value_or("")}};
  ++out.evaluated;
  if (!orders::filter_matches(c.filter, context)) return;
  const json order_id = member_id(context, "order");
  const json customer_id = member_id(context, "customer");
  for (const auto& a : c.actions) {
    auto [to, why] = recipient_of(store, a.channel, context);
    if (to.empty()) {
      out.skipped.push_back(
          {{"order_id", order_id}, {"channel", domain::to_string(a.channel)}, {"reason", why}});
      continue;
    }
    out.recipients.push_back({{"order_id", order_id},
                              {"customer_id", customer_id},
                              {"channel", domain::to_string(a.channel)},
                              {"to", to},
                              {"template", a.template_key},
                              {"delay_seconds", a.delay_seconds}});
  }
}
}  // namespace

store::CampaignRow row_of(const Campaign& c) {
  store::CampaignRow row;
  row.id = c.id;
  row.active = c.active;
  Campaign spec = c;
  spec.id = 0;
  spec.created_at = spec.updated_at = 0;
  row.spec_json = to_json(spec).dump();
  return row;
}

Campaign campaign_of(const store::CampaignRow& row) {
  auto c = campaign_from_stored(row.id, row.spec_json);
  c.id = row.id;
  c.active = row.active;
  c.created_at = row.created_at;
  c.updated_at = row.updated_at;
  return c;
}

json to_json(const DryRun& d) {
  return {{"campaign_id", d.campaign_id},
          {"evaluated", d.evaluated},
          {"recipients", d.recipients},
          {"skipped", d.skipped}};
}

Campaign CampaignService::create(store::StoreId store, const Campaign& c, TimeMs now) {
  return campaign_of(storage_.create_campaign(store, row_of(c), now));
}

std::optional<Campaign> CampaignService::update(store::StoreId store, std::int64_t id, Campaign c,
                                                TimeMs now) {
  c.id = id;
  auto row = storage_.update_campaign(store, row_of(c), now);
  if (!row) return std::nullopt;
  return campaign_of(*row);
}

std::optional<Campaign> CampaignService::set_active(store::StoreId store, std::int64_t id,
                                                    bool active, TimeMs now) {
  auto c = get(store, id);
  if (!c) return std::nullopt;
  c->active = active;
  return update(store, id, *c, now);
}

std::optional<Campaign> CampaignService::get(store::StoreId store, std::int64_t id) {
  auto row = storage_.get_campaign(store, id);
  if (!row) return std::nullopt;
  return campaign_of(*row);
}

std::vector<Campaign> CampaignService::list(store::StoreId store, std::vector<Error>* unreadable) {
  std::vector<Campaign> out;
  for (const auto& row : storage_.list_campaigns(store, false)) {
    try {
      out.push_back(campaign_of(row));
    } catch (const Error& e) {
      if (e.field() != "campaign") throw;
      spdlog::error("campaigns: {}", e.detail());
      if (unreadable) unreadable->push_back(e);
    }
  }
  return out;
}

bool CampaignService::exists(store::StoreId store, std::int64_t id) {
  return storage_.get_campaign(store, id).has_value();
}

DryRun CampaignService::dry_run_context(const store::StoreRecord& store, const Campaign& c,
                                        json context) {
  DryRun out;
  out.campaign_id = c.id;
  evaluate(store, c, std::move(context), out);
  return out;
}

DryRun CampaignService::dry_run_recent(const store::StoreRecord& store, const Campaign& c,
                                       int limit) {
  DryRun out;
  out.campaign_id = c.id;
  for (const auto& o : storage_.recent_orders(store.id, limit)) {
    auto context = read_json_or_discarded(o.snapshot_json);
    if (!context.is_object()) continue;
    evaluate(store, c, std::move(context), out);
  }
  return out;
}

}  // namespace herald::campaigns
