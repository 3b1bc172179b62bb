// herald purge [--dry-run]: applies the retention policy now (contract §9).
#include <iostream>

#include "cli/commands.h"
#include "config/config.h"
#include "retention/purge.h"
#include "store/open_oms_storage.h"
#include "store/open_storage.h"

namespace herald::cli {

int purge(const std::string& config_path, bool dry_run) {
  auto cfg = config::load(config_path);
  auto opened = store::open_storage(cfg.storage.url);
  store::Storage* storage = &opened.storage();
  auto oms_storage = store::open_oms_storage(cfg.storage.url);
  const retention::OmsRetention oms{*oms_storage, cfg.retention.oms_calls_days};
  for (const auto& p :
       retention::purge_all(*storage, *storage, SystemClock().now_ms(), dry_run, &oms)) {
    std::cout << nlohmann::json{{"store", p.store},
                                {"dry_run", dry_run},
                                {"contents_expired", p.counts.contents_expired},
                                {"messages_deleted", p.counts.messages_deleted},
                                {"events_deleted", p.counts.events_deleted},
                                {"orders_deleted", p.counts.orders_deleted},
                                {"oms_calls_deleted", p.counts.oms_calls_deleted},
                                {"oms_statuses_deleted", p.counts.oms_statuses_deleted}}
                     .dump()
              << "\n";
  }
  std::cout.flush();
  return 0;
}

}  // namespace herald::cli
