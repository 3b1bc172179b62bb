#pragma once
// Order statuses as a service: reads the order, decides with the rules of order_decision.h and
// has storage record the decision. Two writers that meet on one order (HTTP threads, intake,
// several nodes) cannot both win: an update is recorded only on the version it was decided on,
// and the loser reads again and decides again.
#include <vector>

#include "orders/order_decision.h"
#include "store/order_storage.h"
#include "store/records.h"

namespace herald::orders {

class OrderStatusService {
 public:
  explicit OrderStatusService(store::OrderStorage& storage) : storage_(storage) {}

  // A status reported for an order (POST /v1/orders/{id}/statuses), recorded durably.
  StatusChangeResult record_change(const StatusChangeRequest& r, TimeMs now);

  // Sets the order update of each order event (those with an event id) in batch order: a later
  // event of the same order is decided on top of the earlier ones. Storage records each update
  // with its event.
  void decide_events(std::vector<store::NewEvent>& events);

 private:
  store::OrderStorage& storage_;
};

}  // namespace herald::orders
