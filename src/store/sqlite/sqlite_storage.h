#pragma once
// SQLite backend: one writer connection (SQLite has one writer at a time) and a pool of
// reader connections, which WAL mode lets run beside the writer.
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "common/error.h"
#include "store/order_storage.h"
#include "store/sqlite/sqlite_db.h"
#include "store/stock_storage.h"
#include "store/storage.h"

namespace herald::store::sqlite {

class SqliteStorage final : public Storage, public OrderStorage, public StockStorage {
 public:
  // `durable_on_close`: commits are not synced one by one; closing syncs everything.
  // `node_id` names this node on the timeline entries and messages it records.
  explicit SqliteStorage(const std::string& path, bool durable_on_close = false,
                         std::string node_id = {});
  ~SqliteStorage() override;

  bool ping() override;
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

  // ---- OrderStorage (order statuses, campaigns), sqlite_orders*.cpp ----
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
  std::string node_id_;
  // Writes that acknowledge data to a client (intake, settings) are synced to disk before
  // they return. Delivery bookkeeping is not: losing it to a power cut only means a message
  // is sent again, and the next synced commit makes it durable anyway.
  enum class Sync { full, deferred };
  // Every write reports whether the database could write (write_failure()): a failure for
  // want of space or a writable file sets it, a write that changed something clears it.
  template <typename Fn>
  auto write(Fn&& fn, Sync sync = Sync::full) {
    std::lock_guard lock(writer_mutex_);
    WriteWatch watch(*this);
    try {
      writer_->set_full_sync(sync == Sync::full && !durable_on_close_);
      return fn(*writer_);
    } catch (const Error& e) {
      watch.failed(e);
      throw;
    }
  }
  class WriteWatch {
   public:
    explicit WriteWatch(SqliteStorage& s);
    ~WriteWatch();
    void failed(const Error& e);

   private:
    SqliteStorage& storage_;
    std::int64_t changes_before_;
    int exceptions_before_;
  };
  template <typename Fn>
  auto read(Fn&& fn) {
    auto db = borrow_reader();
    return fn(*db);
  }
  std::shared_ptr<Db> borrow_reader();
  std::optional<MessageLocator> locate_where(const std::string& where,
                                             const std::function<void(Stmt&)>& bind);
  std::optional<StoreRecord> find_store_where(const std::string& where,
                                              const std::function<void(Stmt&)>& bind);
  std::int64_t purge_pass(StoreId store, TimeMs before, TimeMs deleted_before, bool dry_run,
                          bool delete_rows);
  ChangeRecorded record_attempt_change(Db& db, const AttemptChange& change);

  std::string path_;
  std::mutex writer_mutex_;
  std::unique_ptr<Db> writer_;
  bool durable_on_close_ = false;
  std::mutex write_failure_mutex_;  // guards write_failure_ (read without the writer lock)
  std::optional<std::string> write_failure_;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<Db>> idle_readers_;
};

}  // namespace herald::store::sqlite
