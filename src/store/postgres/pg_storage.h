#pragma once
// PostgreSQL backend: every role on a small pool of connections to one database, which any
// number of nodes may share. Claims lock rows (FOR UPDATE SKIP LOCKED) and carry a fencing
// number; duplicates are settled by unique keys, never by a lock in one process.
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "common/error.h"
#include "store/order_storage.h"
#include "store/postgres/pg_pool.h"
#include "store/stock_storage.h"
#include "store/storage.h"

namespace herald::store::postgres {

class PgStorage final : public Storage, public OrderStorage, public StockStorage {
 public:
  // `node_id` names this node on the leases it takes (release_leases frees only its own) and on
  // the messages and timeline steps it records.
  PgStorage(std::shared_ptr<Pool> pool, std::string node_id)
      : pool_(std::move(pool)), node_id_(std::move(node_id)) {}

  bool ping() override;
  // Set by a statement the server could not write for (a full disk, SQLSTATE 53100), cleared
  // by a probe that commits.
  std::optional<std::string> write_failure() override;
  void probe_write(TimeMs now) override;
  StoreRecord create_store(const std::string& slug, const std::string& api_key_hash,
                           const std::string& webhook_secret, const StoreSettings& settings,
                           TimeMs now) override;
  std::optional<StoreRecord> find_store_by_key_hash(const std::string& key_hash) override;
  std::optional<StoreRecord> find_store(StoreId id) override;
  std::optional<StoreRecord> find_store_by_slug(const std::string& slug) override;
  void update_store_settings(StoreId id, const StoreSettings& settings) override;
  void set_store_key_hash(StoreId id, const std::string& api_key_hash) override;

  void put_template(StoreId store, const TemplateRecord& t) override;
  std::vector<TemplateRecord> list_templates(StoreId store, const std::string& key) override;

  std::vector<EventAcceptance> accept_events(const std::vector<NewEvent>& events,
                                             TimeMs now) override;

  std::vector<MessageRow> find_messages(StoreId store, const MessageQuery& q) override;
  std::optional<MessageRow> get_message(StoreId store, const std::string& id) override;
  MessageContent get_content(StoreId store, std::int64_t seq) override;
  std::vector<TimelineEvent> get_timeline(StoreId store, std::int64_t seq) override;

  std::vector<QueuedMessage> claim_due(domain::Channel channel, TimeMs now, int limit,
                                       TimeMs lease_until) override;
  std::vector<AttemptState> attempt_states(const std::vector<std::int64_t>& seqs) override;
  std::vector<ChangeRecorded> record_attempt_changes(
      const std::vector<AttemptChange>& changes) override;
  std::optional<TimeMs> next_due(domain::Channel channel) override;
  void release_leases() override;
  void renew_leases(TimeMs lease_until) override;
  std::vector<StoreRecord> list_stores() override;
  PurgeCounts purge(StoreId store, TimeMs content_before, TimeMs metadata_before,
                    bool dry_run) override;
  Counts counts() override;
  std::int64_t queue_depth() override;

  std::optional<MessageLocator> locate_message(const std::string& id) override;
  std::optional<MessageLocator> locate_by_provider_ref(const std::string& provider,
                                                       const std::string& ref) override;
  void add_provider_ref(std::int64_t seq, const std::string& provider,
                        const std::string& ref) override;
  std::optional<MessageReportState> report_state(std::int64_t seq) override;
  bool record_report(const ReportChange& c) override;
  void add_unmatched_bounce(const UnmatchedBounce& b) override;
  std::vector<UnmatchedBounce> list_unmatched_bounces(StoreId store, int limit,
                                                      std::optional<std::int64_t> before) override;

  void put_suppression(StoreId store, const Suppression& s) override;
  bool remove_suppression(StoreId store, domain::Channel channel,
                          const std::string& address) override;
  std::vector<std::optional<Suppression>> find_suppressions(
      const std::vector<AddressKey>& addresses, TimeMs now) override;
  std::vector<Suppression> list_suppressions(StoreId store, const std::string& address, TimeMs now,
                                             int limit, int offset) override;

  std::optional<std::string> get_setting(const std::string& key) override;
  std::string put_setting_once(const std::string& key, const std::string& value) override;

  // ---- OrderStorage (order statuses, campaigns), pg_orders.cpp, pg_campaigns.cpp ----
  OrderStatusDef create_order_status(StoreId store, const OrderStatusDef& d, TimeMs now) override;
  std::optional<OrderStatusDef> update_order_status(StoreId store, const OrderStatusDef& d,
                                                    TimeMs now) override;
  bool delete_order_status(StoreId store, std::int64_t id) override;
  std::vector<OrderStatusDef> list_order_statuses(StoreId store) override;
  std::vector<domain::StatusMapping> status_mapping_overrides(StoreId store) override;
  void put_status_mapping(StoreId store, const std::vector<domain::StatusMapping>& m) override;
  std::vector<OrderState> order_states(const std::vector<OrderKey>& keys) override;
  std::optional<CurrentOrderStatus> status_at(StoreId store, const std::string& order_id,
                                              const std::string& type, TimeMs at) override;
  std::optional<std::int64_t> record_status_change(const OrderUpdate& u, TimeMs now) override;
  std::optional<OrderView> get_order(StoreId store, const std::string& order_id) override;
  std::vector<OrderView> recent_orders(StoreId store, int limit) override;
  std::vector<OrderView> list_orders(StoreId store, const OrderListQuery& q) override;
  CampaignRow create_campaign(StoreId store, const CampaignRow& c, TimeMs now) override;
  std::optional<CampaignRow> update_campaign(StoreId store, const CampaignRow& c,
                                             TimeMs now) override;
  std::optional<CampaignRow> get_campaign(StoreId store, std::int64_t id) override;
  std::vector<CampaignRow> list_campaigns(StoreId store, bool active_only) override;
  std::vector<StatusChange> unevaluated_changes(int limit) override;
  void schedule_sends(const std::vector<EvaluatedChange>& changes, TimeMs now) override;
  std::vector<DueSend> due_sends(TimeMs now, int limit) override;
  std::optional<TimeMs> next_send_due() override;
  void fire_send(const DueSend& s, const std::optional<NewMessage>& m,
                 const std::string& skip_reason, TimeMs now) override;
  std::vector<StatusChange> changes_for_report(StoreId store, TimeMs since, TimeMs until) override;
  std::vector<DeliveryReportRow> delivery_report(StoreId store, bool by_template, TimeMs since,
                                                 TimeMs until) override;
  // ---- end OrderStorage ----
  // ---- StockStorage ----
  void put_catalog_skus(StoreId store, const std::vector<std::string>& skus) override;
  std::vector<std::string> catalog_skus(StoreId store) override;
  std::vector<std::string> sold_skus(StoreId store, const std::vector<std::string>& skus) override;
  std::vector<std::string> unsynced_skus(StoreId store) override;
  std::vector<StockRow> stock(StoreId store, const std::vector<std::string>& skus) override;
  std::vector<UnmappedSku> unmapped_skus(StoreId store) override;
  std::optional<StockSyncState> stock_sync_state(StoreId store) override;
  void record_stock_sync(const StockSync& sync) override;

 private:
  template <typename Fn>
  auto with(Fn&& fn) {
    try {
      return pool_->with(std::forward<Fn>(fn));
    } catch (const Error& e) {
      if (e.code() == ErrorCode::storage_unavailable) note_write_failure(e);
      throw;
    }
  }
  void note_write_failure(const Error& e);
  ChangeRecorded record_attempt_change(Conn& db, const AttemptChange& change);
  std::optional<StoreRecord> find_store_where(const std::string& where, const Param& value);

  std::shared_ptr<Pool> pool_;
  std::string node_id_;
  std::mutex write_failure_mutex_;
  std::optional<std::string> write_failure_;
};

}  // namespace herald::store::postgres
