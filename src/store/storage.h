#pragma once
// The storage interface. SQLite (sqlite/) implements it now; PostgreSQL will later.
// Every method that touches tenant data takes the StoreId: reads and writes are confined to it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/attempt_change.h"
#include "store/records.h"
#include "store/report_storage.h"
#include "store/suppression_storage.h"

namespace herald::store {

// Reports after sending and the suppression list are roles of their own (report_storage.h,
// suppression_storage.h), so a service that needs only one of them can be given only it.
class Storage : public ReportStorage, public SuppressionStorage {
 public:
  virtual ~Storage() = default;

  virtual bool ping() = 0;

  // Stores (tenants). The API key is stored hashed; lookup is by the hash.
  virtual StoreRecord create_store(const std::string& slug, const std::string& api_key_hash,
                                   const std::string& webhook_secret, const StoreSettings& settings,
                                   TimeMs now) = 0;
  virtual std::optional<StoreRecord> find_store_by_key_hash(const std::string& key_hash) = 0;
  virtual std::optional<StoreRecord> find_store(StoreId id) = 0;
  virtual std::optional<StoreRecord> find_store_by_slug(const std::string& slug) = 0;
  virtual void update_store_settings(StoreId id, const StoreSettings& settings) = 0;

  // Templates.
  virtual void put_template(StoreId store, const TemplateRecord& t) = 0;
  virtual std::vector<TemplateRecord> list_templates(StoreId store, const std::string& key) = 0;

  // Intake: each event is stored with its messages and order update, all or nothing; the whole
  // batch is durable when the call returns.
  // An event id already stored for the store answers with the stored messages, duplicate=true.
  virtual std::vector<EventAcceptance> accept_events(const std::vector<NewEvent>& events,
                                                     TimeMs now) = 0;

  // The message log.
  virtual std::vector<MessageRow> find_messages(StoreId store, const MessageQuery& q) = 0;
  virtual std::optional<MessageRow> get_message(StoreId store, const std::string& id) = 0;
  virtual MessageContent get_content(StoreId store, std::int64_t seq) = 0;
  virtual std::vector<TimelineEvent> get_timeline(StoreId store, std::int64_t seq) = 0;

  // The delivery queue. Claimed messages are leased; a lease that expires (crash) makes the
  // message due again, so nothing in flight is forgotten.
  virtual std::vector<QueuedMessage> claim_due(domain::Channel channel, TimeMs now, int limit,
                                               TimeMs lease_until) = 0;
  // Each queued message as stored now, one state per seq in order: what the end of an
  // attempt is decided on.
  virtual std::vector<AttemptState> attempt_states(const std::vector<std::int64_t>& seqs) = 0;
  // Records decided changes as one unit, all of them or none. A change whose message moved
  // since its state was read is left out, and its answer (same position) says so.
  virtual std::vector<ChangeRecorded> record_attempt_changes(
      const std::vector<AttemptChange>& changes) = 0;
  virtual std::optional<TimeMs> next_due(domain::Channel channel) = 0;
  virtual void release_leases() = 0;  // at start-up: whatever was in flight is due now

  // Server-wide settings kept in the database (e.g. the generated tracking secret).
  virtual std::optional<std::string> get_setting(const std::string& key) = 0;
  // Stores `value` unless the key exists; returns the stored value either way.
  virtual std::string put_setting_once(const std::string& key, const std::string& value) = 0;

  virtual std::vector<StoreRecord> list_stores() = 0;

  // Retention (contract §9): bodies of messages created before `content_before` are removed,
  // messages created before `metadata_before` are removed with their events. Messages still
  // queued or deferred are never touched. A dry run only counts.
  virtual PurgeCounts purge(StoreId store, TimeMs content_before, TimeMs metadata_before,
                            bool dry_run) = 0;

  virtual Counts counts() = 0;
  virtual std::int64_t queue_depth() = 0;
};

}  // namespace herald::store
