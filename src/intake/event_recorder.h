#pragma once
// Stores events with the order updates they cause: intake holds back suppressed recipients,
// the order-status service decides each update, storage records it with its event. An event whose
// order moved on in between (another writer won) is decided again and stored again.
#include <vector>

#include "orders/order_status_service.h"
#include "store/intake_storage.h"
#include "store/suppression_storage.h"

namespace herald::intake {

std::vector<store::EventAcceptance> record_events(store::IntakeStorage& intake,
                                                  store::SuppressionStorage& suppressions,
                                                  orders::OrderStatusService& order_statuses,
                                                  std::vector<store::NewEvent>& events, TimeMs now);

}  // namespace herald::intake
