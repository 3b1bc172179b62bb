// herald bounce ingest < message: an MTA's pipe transport hands Herald one bounce.
#include <iostream>
#include <iterator>

#include "cli/commands.h"
#include "common/error.h"
#include "config/config.h"
#include "feedback/bounce_intake.h"
#include "store/open_storage.h"

namespace herald::cli {

int bounce_ingest(const std::string& config_path) {
  const auto cfg = config::load(config_path);
  std::string raw((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  if (raw.empty()) throw bad_request("bounce ingest: standard input is empty", "stdin");
  auto opened = store::open_storage(cfg.storage.url);
  store::Storage* storage = &opened.storage();
  SystemClock clock;
  feedback::ReportService reports(*storage, *storage, clock);
  auto out = feedback::ingest_bounce(*storage, reports, clock, raw, "pipe", std::nullopt);
  nlohmann::json line = {{"is_bounce", out.report.is_bounce},
                         {"matched", out.message.has_value()},
                         {"message", out.message ? nlohmann::json(out.message->id) : nullptr},
                         {"recipients", out.report.recipients.size()}};
  std::cout << line.dump() << std::endl;
  // Exit 0 even when unmatched: the report is kept, and a non-zero exit would make the MTA
  // bounce the bounce.
  return 0;
}

}  // namespace herald::cli
