#pragma once
// Orders pushed to a store's OMS (contract §12.5), as the order service decided them: one row
// per storefront order id, so a push is idempotent by it. Background work (push retries, the
// missing-order reconciler) claims due rows across stores; a claim leases a row by moving its
// next attempt past the lease and moves its version on, so two nodes sharing a database never
// work on one row at once and a node that dies mid-attempt leaves the row due again when the
// lease ends. A change is recorded only on the version it was decided on.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"

namespace herald::store {

using StoreId = std::int64_t;

struct OmsOrderRow {
  std::int64_t id = 0;  // increasing with each order stored; half of the list's cursor
  StoreId store_id = 0;
  std::string order_id;   // the storefront's
  std::string payment;    // prepaid | cod
  std::string body_json;  // the order as the storefront sent it, pushed as it is
  std::string fynd_order_id;
  std::string state;       // missing | placed | push_failed | payment_failed | cancelled
  std::string oms_status;  // the OMS's last word on the order (pending, placed, cancelled...)
  std::string last_error;  // why the last push or check failed ("" when it did not)
  int attempts = 0;        // pushes made
  // When background work is next due: the next push of a push_failed order, the next status
  // check of a missing one; 0 for none.
  TimeMs next_attempt_at = 0;
  std::int64_t version = 0;
  TimeMs created_at = 0, updated_at = 0;
};

struct OmsOrderInsert {
  OmsOrderRow row;  // as stored: the new row, or the one stored before under that order id
  bool inserted = false;
};

// Where a page of the list ends: the last row's creation time and id.
struct OmsOrderCursor {
  TimeMs created_at = 0;
  std::int64_t id = 0;
};

class OmsOrderStorage {
 public:
  virtual ~OmsOrderStorage() = default;

  // Stores the order unless the store has one with that order id; answers the stored row
  // either way (version 1 for a new one).
  virtual OmsOrderInsert insert_oms_order(const OmsOrderRow& row) = 0;
  virtual std::optional<OmsOrderRow> get_oms_order(StoreId store, const std::string& order_id) = 0;
  // Oldest first (creation time, then id), only rows after `after` when given; every state when
  // `state` is empty.
  virtual std::vector<OmsOrderRow> list_oms_orders(StoreId store, const std::string& state,
                                                   int limit,
                                                   std::optional<OmsOrderCursor> after) = 0;
  // How many orders the store has in each state (states with none are left out).
  virtual std::map<std::string, std::int64_t> count_oms_orders(StoreId store) = 0;
  // At most `limit` rows of any store in `state` whose next attempt is due at `now` (the
  // longest due first), in id order: each is leased (next_attempt_at = lease_until) and its
  // version moved on, as returned.
  virtual std::vector<OmsOrderRow> claim_due_oms_orders(const std::string& state, TimeMs now,
                                                        int limit, TimeMs lease_until) = 0;
  // Writes the row's state, fynd_order_id, oms_status, last_error, attempts, next_attempt_at and
  // updated_at if it is still at `expected_version` (and moves the version on). False when
  // another writer moved it first: nothing is written.
  virtual bool record_oms_order(const OmsOrderRow& row, std::int64_t expected_version) = 0;
};

}  // namespace herald::store
