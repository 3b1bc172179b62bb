#pragma once
// Storage for order statuses, order snapshots and campaigns (contract §7). Kept apart from
// Storage; the SQLite backend implements both. Every method is confined to the StoreId.
#include <optional>
#include <string>
#include <vector>

#include "domain/order_status.h"
#include "store/order_update.h"
#include "store/records.h"

namespace herald::store {

struct OrderStatusDef {
  std::int64_t id = 0;
  std::string name, type, code;
  bool include_in_analytics = true;
  TimeMs created_at = 0, updated_at = 0;
};

struct StatusChange {
  std::int64_t id = 0;
  StoreId store_id = 0;
  std::string order_id, type, from_code, to_code;
  TimeMs at = 0, received_at = 0;
  bool current = true;  // false: arrived late, kept in the history only
  std::string source;   // api | event
  std::string event_id;
  std::string context_json;  // the order's context (order, customer, data) at that change
};

struct OrderKey {
  StoreId store_id = 0;
  std::string order_id;
};

struct OrderView {
  std::string order_id;
  std::string snapshot_json = "{}";
  TimeMs created_at = 0, updated_at = 0;
  std::vector<StatusChange> history;  // oldest first
};

// A place in the orders list, newest created first: the order's creation time, then its id
// (byte order) between orders created in the same millisecond.
struct OrderCursor {
  TimeMs created_at = 0;
  std::string order_id;
};

struct OrderListQuery {
  std::string search;  // an order id or an order number, matched exactly; empty: every order
  int limit = 50;
  std::optional<OrderCursor> before;  // the page after this order (older)
  std::optional<OrderCursor> after;   // the page before this order (newer)
};

struct CampaignRow {
  std::int64_t id = 0;
  std::string spec_json;  // name, trigger, filter, actions, active
  bool active = true;
  TimeMs created_at = 0, updated_at = 0;
};

struct ScheduledSend {
  std::int64_t campaign_id = 0;
  int action_index = 0;
  TimeMs due_at = 0;
};

// A status change with the sends its evaluation called for (often none).
struct EvaluatedChange {
  StatusChange change;
  std::vector<ScheduledSend> sends;
};

struct DueSend {
  std::int64_t id = 0;
  StoreId store_id = 0;
  std::int64_t campaign_id = 0;
  int action_index = 0;
  StatusChange change;
  std::string campaign_spec_json;
};

struct DeliveryReportRow {
  std::string group;  // the type or the template
  std::int64_t total = 0, sent = 0, delivered = 0, opened = 0, clicked = 0, bounced = 0, failed = 0;
};

class OrderStorage {
 public:
  virtual ~OrderStorage() = default;

  // Status definitions. create/update throw conflict (field "code") on a duplicate code.
  virtual OrderStatusDef create_order_status(StoreId store, const OrderStatusDef& d,
                                             TimeMs now) = 0;
  virtual std::optional<OrderStatusDef> update_order_status(StoreId store, const OrderStatusDef& d,
                                                            TimeMs now) = 0;
  virtual bool delete_order_status(StoreId store, std::int64_t id) = 0;
  virtual std::vector<OrderStatusDef> list_order_statuses(StoreId store) = 0;

  // The store's own event-type -> status mapping (overrides of the default mapping).
  virtual std::vector<domain::StatusMapping> status_mapping_overrides(StoreId store) = 0;
  virtual void put_status_mapping(StoreId store, const std::vector<domain::StatusMapping>& m) = 0;

  // The orders as stored, in the order of `keys` (exists=false for an order not seen yet).
  virtual std::vector<OrderState> order_states(const std::vector<OrderKey>& keys) = 0;
  // The status of that type that was current at `at`: the latest change at or before it.
  virtual std::optional<CurrentOrderStatus> status_at(StoreId store, const std::string& order_id,
                                                      const std::string& type, TimeMs at) = 0;
  // Records a decided update (snapshot, history, current status) durably, if the order is
  // still at u.expected_version. Returns the id of the recorded change (0: none), or nullopt
  // when another writer moved the order on first: nothing is written, read and decide again.
  virtual std::optional<std::int64_t> record_status_change(const OrderUpdate& u, TimeMs now) = 0;
  virtual std::optional<OrderView> get_order(StoreId store, const std::string& order_id) = 0;
  virtual std::vector<OrderView> recent_orders(StoreId store, int limit) = 0;
  // The orders list: newest created first, without their history (order_id, snapshot, times).
  virtual std::vector<OrderView> list_orders(StoreId store, const OrderListQuery& q) = 0;

  virtual CampaignRow create_campaign(StoreId store, const CampaignRow& c, TimeMs now) = 0;
  virtual std::optional<CampaignRow> update_campaign(StoreId store, const CampaignRow& c,
                                                     TimeMs now) = 0;
  virtual std::optional<CampaignRow> get_campaign(StoreId store, std::int64_t id) = 0;
  virtual std::vector<CampaignRow> list_campaigns(StoreId store, bool active_only) = 0;

  // The campaign worker. Current changes not yet evaluated, oldest first:
  virtual std::vector<StatusChange> unevaluated_changes(int limit) = 0;
  // Records the sends (a send already made for that campaign, action, order and transition is
  // ignored) and marks the changes evaluated, all in one transaction.
  virtual void schedule_sends(const std::vector<EvaluatedChange>& changes, TimeMs now) = 0;
  virtual std::vector<DueSend> due_sends(TimeMs now, int limit) = 0;
  virtual std::optional<TimeMs> next_send_due() = 0;
  // Stores the message (linked to campaign and change) and closes the send, in one
  // transaction; without a message the send is closed as skipped with the reason.
  virtual void fire_send(const DueSend& s, const std::optional<NewMessage>& m,
                         const std::string& skip_reason, TimeMs now) = 0;

  // Reports.
  virtual std::vector<StatusChange> changes_for_report(StoreId store, TimeMs since,
                                                       TimeMs until) = 0;
  virtual std::vector<DeliveryReportRow> delivery_report(StoreId store, bool by_template,
                                                         TimeMs since, TimeMs until) = 0;
};

}  // namespace herald::store
