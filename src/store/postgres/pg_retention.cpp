// Retention (contract §9): old bodies are emptied, old rows removed, in small transactions so
// that no lock is held for long. A message still queued (or claimed by a node) is never touched:
// the candidates are re-checked under the write.
#include "store/postgres/pg_storage.h"

namespace herald::store::postgres {

namespace {
constexpr int kBatch = 2000;

// One kind of purge over the store's messages in id order (ids follow creation time, so the
// walk stops at the first batch that is entirely newer than `before`). Returns the count.
// Rows created before `deleted_before` are left out: the row purge takes them (or, in a dry
// run, has counted them already).
std::int64_t purge_pass(Pool& pool, StoreId store, TimeMs before, TimeMs deleted_before,
                        bool dry_run, bool delete_rows) {
  std::int64_t done = 0, after = 0;
  for (;;) {
    std::vector<std::int64_t> batch;
    bool any_old = false;
    std::int64_t last = after;
    pool.with([&](Conn& db) {
      auto s = db.exec(
          "SELECT m.id, m.created_at, m.status, "
          "EXISTS (SELECT 1 FROM queue q WHERE q.message_id = m.id), "
          "COALESCE((SELECT expired FROM message_content c WHERE c.message_id = m.id), 1) "
          "FROM messages m WHERE m.store_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3",
          store, after, kBatch);
      for (int r = 0; r < s.rows(); ++r) {
        last = s.i64(r, 0);
        if (s.i64(r, 1) >= before) continue;
        any_old = true;
        if (s.i64(r, 1) < deleted_before) continue;
        const std::string status = s.text(r, 2);
        if (status == "queued" || status == "deferred" || s.i64(r, 3) != 0) continue;
        if (!delete_rows && s.i64(r, 4) != 0) continue;  // body already gone
        batch.push_back(last);
      }
    });
    if (last == after || !any_old) break;
    after = last;
    done += static_cast<std::int64_t>(batch.size());
    if (dry_run || batch.empty()) continue;
    pool.with([&](Conn& db) {
      Transaction tx(db);
      for (const auto id : batch) {
        // Checked again under the write: nothing still in the queue is touched.
        const char* unqueued = " AND NOT EXISTS (SELECT 1 FROM queue WHERE message_id = $1)";
        if (!delete_rows) {
          db.exec(std::string("UPDATE message_content SET headers = '', html = '', "
                              "html_before_tracking = '', text = '', sms = '', expired = 1 "
                              "WHERE message_id = $1") +
                      unqueued,
                  id);
          continue;
        }
        // message_events and provider_refs go with it (ON DELETE CASCADE); its content here.
        if (db.exec(std::string("DELETE FROM messages WHERE id = $1") + unqueued, id).affected() ==
            0)
          continue;
        db.exec("DELETE FROM message_content WHERE message_id = $1", id);
        db.exec("DELETE FROM message_recipients WHERE store_id = $1 AND message_id = $2", store,
                id);
        db.exec("DELETE FROM ui_failures WHERE store_id = $1 AND message_id = $2", store, id);
      }
      tx.commit();
    });
  }
  return done;
}

// Orders not updated since the cutoff and with no campaign message still waiting.
constexpr const char* kOldOrders =
    "SELECT o.order_id FROM orders o WHERE o.store_id = $1 AND o.updated_at < $2 AND NOT EXISTS "
    "(SELECT 1 FROM campaign_sends c WHERE c.store_id = $1 AND c.order_id = o.order_id "
    "AND c.state = 'pending')";
}  // namespace

PurgeCounts PgStorage::purge(StoreId store, TimeMs content_before, TimeMs metadata_before,
                             bool dry_run) {
  PurgeCounts out;
  out.messages_deleted = purge_pass(*pool_, store, metadata_before, 0, dry_run, true);
  out.contents_expired = purge_pass(*pool_, store, content_before, metadata_before, dry_run, false);
  with([&](Conn& db) {
    if (dry_run) {
      out.events_deleted = db.exec(
                                 "SELECT COUNT(*) FROM events WHERE store_id = $1 AND "
                                 "received_at < $2",
                                 store, metadata_before)
                               .i64(0, 0);
      out.orders_deleted = db.exec(std::string("SELECT COUNT(*) FROM (") + kOldOrders + ") old",
                                   store, metadata_before)
                               .i64(0, 0);
      return;
    }
    Transaction tx(db);
    const std::string old = std::string(" AND order_id IN (") + kOldOrders + ")";
    for (const char* table : {"status_changes", "order_status_current", "campaign_sends"})
      db.exec(std::string("DELETE FROM ") + table + " WHERE store_id = $1" + old, store,
              metadata_before);
    out.orders_deleted =
        db.exec(std::string("DELETE FROM orders WHERE store_id = $1") + old, store, metadata_before)
            .affected();
    tx.commit();
    out.events_deleted = db.exec("DELETE FROM events WHERE store_id = $1 AND received_at < $2",
                                 store, metadata_before)
                             .affected();
  });
  return out;
}

}  // namespace herald::store::postgres
