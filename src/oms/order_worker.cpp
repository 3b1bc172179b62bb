#include "oms/order_worker.h"

namespace herald::oms {

void OrderWorker::start() {
  loop_.add([this] { return [this] { return pass(); }; }, poll_ms_);
  loop_.start();
}

TimeMs OrderWorker::pass() {
  if (!cluster_.hold("oms-orders")) return poll_ms_;
  constexpr int kBatch = 50;
  // A claim leases what it took past this pass, so each loop ends when nothing is due.
  while (service_.retry_due_pushes(kBatch) == kBatch) {
  }
  while (service_.check_missing_orders(kBatch) == kBatch) {
  }
  return poll_ms_;
}

}  // namespace herald::oms
