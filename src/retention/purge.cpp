#include "retention/purge.h"

#include <spdlog/spdlog.h>

namespace herald::retention {

namespace {
constexpr TimeMs kDay = 24 * 3600 * 1000;
}

std::vector<StorePurge> purge_all(store::TenantStorage& tenants, store::RetentionStorage& retention,
                                  TimeMs now, bool dry_run, const OmsRetention* oms) {
  std::vector<StorePurge> out;
  for (const auto& s : tenants.list_stores()) {
    const TimeMs content_before = now - s.settings.content_days * kDay;
    const TimeMs metadata_before = now - s.settings.metadata_days * kDay;
    auto counts = retention.purge(s.id, content_before, metadata_before, dry_run);
    if (oms) {
      counts.oms_calls_deleted =
          oms->storage.purge_oms_calls(s.id, now - oms->calls_days * kDay, dry_run);
      // Kept as long as the events the statuses became, whose messages they explain.
      counts.oms_statuses_deleted = oms->storage.purge_oms_statuses(s.id, metadata_before, dry_run);
    }
    out.push_back({s.slug, counts});
  }
  return out;
}

DailyPurge::DailyPurge(store::TenantStorage& tenants, store::RetentionStorage& retention,
                       const Clock& clock, TimeMs interval_ms)
    : tenants_(tenants), retention_(retention), clock_(clock), interval_(interval_ms) {}

DailyPurge::~DailyPurge() {
  stop();
}

void DailyPurge::start() {
  // A minute after start: a restart loop must not purge over and over, and start-up stays fast.
  loop_.add([this] { return [this] { return pass(); }; }, 60 * 1000);
  loop_.start();
}

void DailyPurge::stop() {
  loop_.stop();
}

TimeMs DailyPurge::pass() {
  // Another node purges; this one asks again in a minute, to take over if that node stops.
  if (cluster_ && !cluster_->hold("retention")) return 60 * 1000;
  try {
    for (const auto& p :
         purge_all(tenants_, retention_, clock_.now_ms(), false, oms_ ? &*oms_ : nullptr)) {
      const auto& c = p.counts;
      if (c.contents_expired + c.messages_deleted + c.events_deleted + c.oms_calls_deleted +
              c.oms_statuses_deleted >
          0)
        spdlog::info(
            "retention: store {}: {} bodies expired, {} messages and {} events removed, {} OMS "
            "calls and {} OMS statuses removed",
            p.store, c.contents_expired, c.messages_deleted, c.events_deleted, c.oms_calls_deleted,
            c.oms_statuses_deleted);
    }
  } catch (const std::exception& e) {
    spdlog::error("retention: purge failed: {}", e.what());
  }
  return interval_;
}

}  // namespace herald::retention
