#include "oms/order_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/error.h"
#include "common/json_read.h"
#include "oms/order_json.h"

namespace herald::oms {

namespace {
std::string why_not_taken(const Error& e) {
  if (const auto* fault = dynamic_cast<const OmsFault*>(&e)) {
    switch (fault->kind()) {
      case FaultKind::server_error:
        return "the OMS did not answer (HTTP " + std::to_string(fault->status()) + ")";
      case FaultKind::timeout:
        return "the OMS did not answer (timeout)";
      case FaultKind::refused:
        return "the OMS did not answer (connection refused)";
    }
  }
  return e.what();
}

// What the OMS's order status means for an order still missing its payment: "" while it
// stays missing.
std::string followed_state(const OrderStatus& s) {
  if (s.status.rfind("cancel", 0) == 0) return kCancelled;
  if (s.payment_status == "paid") return kPlaced;
  if (s.payment_status == "failed") return kPaymentFailed;
  return {};
}
}  // namespace

bool is_order_state(const std::string& s) {
  return s == kMissing || s == kPlaced || s == kPushFailed || s == kPaymentFailed ||
         s == kCancelled;
}

TimeMs OrderService::backoff(int attempts) const {
  TimeMs wait = timing_.retry_initial_ms;
  for (int i = 1; i < attempts && wait < timing_.retry_max_ms; ++i) wait *= 2;
  return std::min(wait, timing_.retry_max_ms);
}

PushOutcome OrderService::push(store::StoreId store, const PlaceOrderRequest& request) {
  if (auto existing = storage_.get_oms_order(store, request.order_id)) return {*existing, true};
  auto connector = connector_for_(store);
  const auto now = clock_.now_ms();
  store::OmsOrderRow row;
  row.store_id = store;
  row.order_id = request.order_id;
  row.payment = request.payment;
  row.body_json = order_request_json(request).dump();
  // Stored before the push, leased to this request: if this node dies mid-push, the order is
  // retried when the lease ends, never lost.
  row.state = kPushFailed;
  row.last_error = "the first push has not finished";
  row.next_attempt_at = now + timing_.lease_ms;
  row.created_at = row.updated_at = now;
  auto stored = storage_.insert_oms_order(row);
  if (!stored.inserted) return {stored.row, true};  // a push of the same id came first
  return {attempt_push(*connector, stored.row, request), false};
}

store::OmsOrderRow OrderService::attempt_push(Connector& connector, store::OmsOrderRow row,
                                              const PlaceOrderRequest& request) {
  const auto version = row.version;
  ++row.attempts;
  try {
    const auto placed = connector.place_order(request);
    row.fynd_order_id = placed.fynd_order_id;
    row.oms_status = placed.status;
    row.last_error.clear();
    if (row.payment == "prepaid") {
      row.state = kMissing;  // until the payment is confirmed
      row.next_attempt_at = std::max(row.created_at + timing_.missing_after_ms, clock_.now_ms());
    } else {
      row.state = kPlaced;
      row.next_attempt_at = 0;
    }
  } catch (const Error& e) {
    row.state = kPushFailed;
    row.last_error = why_not_taken(e);
    row.next_attempt_at = clock_.now_ms() + backoff(row.attempts);
    spdlog::warn("oms: store {}: order {} not taken (attempt {}): {}", row.store_id, row.order_id,
                 row.attempts, row.last_error);
  }
  row.updated_at = clock_.now_ms();
  if (storage_.record_oms_order(row, version)) {
    row.version = version + 1;
    return row;
  }
  // Its lease ran out mid-push and another claim moved it on: what is stored stands.
  return storage_.get_oms_order(row.store_id, row.order_id).value_or(row);
}

store::OmsOrderRow OrderService::confirm_payment(store::StoreId store, const std::string& order_id,
                                                 const PaymentConfirmation& payment) {
  auto row = storage_.get_oms_order(store, order_id);
  if (!row) throw not_found("order");
  if (row->payment != "prepaid")
    throw Error(ErrorCode::conflict, "a COD order takes no payment confirmation", "order_id");
  const bool paid = payment.status == "paid";
  if ((paid && row->state == kPlaced) || (!paid && row->state == kPaymentFailed))
    return *row;  // confirmed before
  if (row->state != kMissing)
    throw Error(ErrorCode::conflict,
                "the order is " + row->state +
                    "; only a missing order (prepaid, at the OMS, not yet paid) takes a payment",
                "order_id");
  const auto answer =
      connector_for_(store)->confirm_payment({row->order_id, row->fynd_order_id}, payment);
  // The reconciler may have claimed the order meanwhile: decide again on what is stored.
  for (int tries = 0; tries < 5; ++tries) {
    auto next = *row;
    next.state = paid ? kPlaced : kPaymentFailed;
    next.oms_status = answer.status;
    next.last_error.clear();
    next.next_attempt_at = 0;
    next.updated_at = clock_.now_ms();
    if (storage_.record_oms_order(next, row->version)) {
      next.version = row->version + 1;
      return next;
    }
    row = storage_.get_oms_order(store, order_id);
    if (!row) throw not_found("order");
    if (row->state != kMissing) return *row;  // the reconciler followed the OMS first
  }
  throw Error(ErrorCode::unavailable, "the order kept changing; try again", "order_id");
}

Tracked OrderService::track(store::StoreId store, const std::string& order_id) {
  auto row = storage_.get_oms_order(store, order_id);
  if (!row) throw not_found("order");
  if (row->fynd_order_id.empty())
    throw Error(ErrorCode::conflict,
                "the OMS does not have the order yet (" + row->state + "): nothing to track",
                "order_id");
  auto answer = connector_for_(store)->track_order({row->order_id, row->fynd_order_id});
  return {*row, std::move(answer)};
}

int OrderService::retry_due_pushes(int limit) {
  const auto now = clock_.now_ms();
  auto rows = storage_.claim_due_oms_orders(kPushFailed, now, limit, now + timing_.lease_ms);
  for (auto& row : rows) {
    try {
      const auto request = parse_order_request(read_json(row.body_json));
      auto connector = connector_for_(row.store_id);
      attempt_push(*connector, row, request);
    } catch (const Error& e) {
      // No connector (switched off, removed): the order waits, its attempts untouched.
      const auto version = row.version;
      row.last_error = e.what();
      row.next_attempt_at = now + backoff(std::max(1, row.attempts));
      row.updated_at = now;
      storage_.record_oms_order(row, version);
    }
  }
  return static_cast<int>(rows.size());
}

int OrderService::check_missing_orders(int limit) {
  const auto now = clock_.now_ms();
  auto rows = storage_.claim_due_oms_orders(kMissing, now, limit, now + timing_.lease_ms);
  for (auto& row : rows) {
    const auto version = row.version;
    row.next_attempt_at = now + timing_.check_every_ms;
    try {
      const auto status =
          connector_for_(row.store_id)->order_status({row.order_id, row.fynd_order_id});
      row.oms_status = status.status;
      row.last_error.clear();
      if (auto state = followed_state(status); !state.empty()) {
        row.state = state;
        row.next_attempt_at = 0;
      }
    } catch (const Error& e) {
      row.last_error = why_not_taken(e);
    }
    row.updated_at = clock_.now_ms();
    storage_.record_oms_order(row, version);
  }
  return static_cast<int>(rows.size());
}

}  // namespace herald::oms
