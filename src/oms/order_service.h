#pragma once
// Orders pushed to a store's OMS (contract §12.5): the push (idempotent by the storefront's
// order id), payment confirmation, tracking, and the background work that never lets an order
// go: pushes the OMS did not take are retried with backoff, and prepaid orders still missing
// their payment after a while are checked at the OMS and follow its answer. Storage records
// what this service decides (store/oms_order_storage.h); time comes from the injected clock.
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>

#include "common/clock.h"
#include "oms/connector.h"
#include "store/oms_order_storage.h"

namespace herald::oms {

// The states of a pushed order.
inline constexpr const char* kMissing = "missing";
inline constexpr const char* kPlaced = "placed";
inline constexpr const char* kPushFailed = "push_failed";
inline constexpr const char* kPaymentFailed = "payment_failed";
inline constexpr const char* kCancelled = "cancelled";
bool is_order_state(const std::string& s);

struct OrderTiming {
  TimeMs missing_after_ms = 15 * 60 * 1000;  // a prepaid order is checked once unpaid this long
  TimeMs check_every_ms = 5 * 60 * 1000;     // and again this often while it stays missing
  TimeMs retry_initial_ms = 60 * 1000;       // first retry of a push the OMS did not take
  TimeMs retry_max_ms = 60 * 60 * 1000;      // backoff cap
  // A claimed order's lease: longer than an OMS call may take (it times out after 10 s).
  TimeMs lease_ms = 60 * 1000;
};

// The store's connector; throws not_found when it has none or it is switched off.
using ConnectorFor = std::function<std::unique_ptr<Connector>(store::StoreId)>;

struct Tracked {
  store::OmsOrderRow order;
  TrackAnswer answer;
};

struct PushOutcome {
  store::OmsOrderRow order;
  bool repeated = false;  // the order id was pushed before: the stored result, no new push
};

class OrderService {
 public:
  OrderService(store::OmsOrderStorage& storage, ConnectorFor connector_for, const Clock& clock,
               OrderTiming timing = {})
      : storage_(storage),
        connector_for_(std::move(connector_for)),
        clock_(clock),
        timing_(timing) {}

  // The OMS's answer for delivering these items to the pincode with this payment.
  Serviceability serviceability(store::StoreId store, const ServiceabilityRequest& r) {
    return connector_for_(store)->serviceability(r);
  }
  // Pushes the order unless its order id was pushed before. A push the OMS does not take is
  // kept as push_failed and retried by retry_due_pushes. Throws not_found when the store has
  // no connector on (nothing is stored).
  PushOutcome push(store::StoreId store, const PlaceOrderRequest& request);
  // Confirms a missing order's payment at the OMS: placed, or payment_failed. Throws not_found
  // (no such order), conflict naming "order_id" (not a missing order), or the OMS's error.
  store::OmsOrderRow confirm_payment(store::StoreId store, const std::string& order_id,
                                     const PaymentConfirmation& payment);
  // The OMS's track answer for the order. Throws not_found, or conflict naming "order_id" when
  // the OMS does not have it yet.
  Tracked track(store::StoreId store, const std::string& order_id);
  std::optional<store::OmsOrderRow> get(store::StoreId store, const std::string& order_id) {
    return storage_.get_oms_order(store, order_id);
  }
  // Oldest first; every state when `state` is empty.
  std::vector<store::OmsOrderRow> list(store::StoreId store, const std::string& state, int limit,
                                       std::optional<store::OmsOrderCursor> after = {}) {
    return storage_.list_oms_orders(store, state, limit, after);
  }
  std::map<std::string, std::int64_t> counts(store::StoreId store) {
    return storage_.count_oms_orders(store);
  }

  // Background work, safe on several nodes at once (claims lease each order to one node).
  // Each returns how many orders it worked on (at most `limit`).
  int retry_due_pushes(int limit);
  int check_missing_orders(int limit);

  const OrderTiming& timing() const { return timing_; }

 private:
  // Makes one push of `row` (as claimed, at its version) and records the outcome.
  store::OmsOrderRow attempt_push(Connector& connector, store::OmsOrderRow row,
                                  const PlaceOrderRequest& request);
  TimeMs backoff(int attempts) const;

  store::OmsOrderStorage& storage_;
  ConnectorFor connector_for_;
  const Clock& clock_;
  OrderTiming timing_;
};

}  // namespace herald::oms
