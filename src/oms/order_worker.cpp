#include "oms/order_worker.h"

namespace herald::oms {

WorkerLoop::Pass order_work(OrderService& service, store::Cluster& cluster, TimeMs poll_ms) {
  return [&service, &cluster, poll_ms]() -> TimeMs {
    if (!cluster.hold("oms-orders")) return poll_ms;
    constexpr int kBatch = 50;
    while (service.retry_due_pushes(kBatch) == kBatch) {
    }
    while (service.check_missing_orders(kBatch) == kBatch) {
    }
    return poll_ms;
  };
}

}  // namespace herald::oms
