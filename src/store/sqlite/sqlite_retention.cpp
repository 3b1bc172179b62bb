// Retention (contract §9): old bodies are emptied, old rows removed, in small transactions so
// the writer is never held for long.
#include "store/sqlite/sqlite_figures.h"
#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

namespace {
constexpr int kBatch = 2000;

struct Candidate {
  std::int64_t id;
  std::string subject;
};
}  // namespace

// One kind of purge over the store's messages in id order (ids follow creation time, so the
// walk stops at the first batch that is entirely newer than `before`). Returns the count.
// Rows created before `deleted_before` are left out: the row purge takes them (or, in a dry
// run, has counted them already).
std::int64_t SqliteStorage::purge_pass(StoreId store, TimeMs before, TimeMs deleted_before,
                                       bool dry_run, bool delete_rows) {
  std::int64_t done = 0, after = 0;
  for (;;) {
    std::vector<Candidate> batch;
    bool any_old = false;
    std::int64_t last = after;
    read([&](Db& db) {
      auto s = db.prepare(
          "SELECT m.id, m.created_at, m.status, m.subject, "
          "EXISTS (SELECT 1 FROM queue q WHERE q.message_id = m.id), "
          "COALESCE((SELECT expired FROM message_content c WHERE c.message_id = m.id), 1) "
          "FROM messages m WHERE m.store_id = ? AND m.id > ? ORDER BY m.id LIMIT ?");
      s.bind_all(store, after, kBatch);
      while (s.step()) {
        last = s.i64(0);
        if (s.i64(1) >= before) continue;
        any_old = true;
        if (s.i64(1) < deleted_before) continue;
        const std::string status = s.text(2);
        if (status == "queued" || status == "deferred" || s.i64(4) != 0) continue;
        if (!delete_rows && s.i64(5) != 0) continue;  // body already gone
        batch.push_back({last, s.text(3)});
      }
    });
    if (last == after || !any_old) break;
    after = last;
    done += static_cast<std::int64_t>(batch.size());
    if (dry_run || batch.empty()) continue;
    write(
        [&](Db& db) {
          Transaction tx(db);
          for (const auto& c : batch) {
            if (!delete_rows) {
              db.prepare(
                    "UPDATE message_content SET headers = '', html = '', "
                    "html_before_tracking = '', text = '', sms = '', expired = 1 "
                    "WHERE message_id = ?")
                  .bind(1, c.id)
                  .run();
              continue;
            }
            db.prepare(
                  "INSERT INTO message_subjects (message_subjects, rowid, subject) "
                  "VALUES ('delete', ?, ?)")
                .bind_all(c.id, c.subject)
                .run();
            db.prepare("DELETE FROM message_recipients WHERE store_id = ? AND message_id = ?")
                .bind_all(store, c.id)
                .run();
            delete_failure_lines(db, store, c.id);
            // message_content, message_events and provider_refs go with it (ON DELETE CASCADE).
            db.prepare("DELETE FROM messages WHERE id = ?").bind(1, c.id).run();
          }
          tx.commit();
        },
        Sync::deferred);
  }
  return done;
}

namespace {
// Orders not updated since the cutoff and with no campaign message still waiting.
constexpr const char* kOldOrders =
    "SELECT o.order_id FROM orders o WHERE o.store_id = ?1 AND o.updated_at < ?2 AND NOT EXISTS "
    "(SELECT 1 FROM campaign_sends c WHERE c.store_id = ?1 AND c.order_id = o.order_id "
    "AND c.state = 'pending')";
}  // namespace

PurgeCounts SqliteStorage::purge(StoreId store, TimeMs content_before, TimeMs metadata_before,
                                 bool dry_run) {
  PurgeCounts out;
  out.messages_deleted = purge_pass(store, metadata_before, 0, dry_run, true);
  out.contents_expired = purge_pass(store, content_before, metadata_before, dry_run, false);
  if (dry_run) {
    read([&](Db& db) {
      auto s = db.prepare("SELECT COUNT(*) FROM events WHERE store_id = ? AND received_at < ?");
      s.bind_all(store, metadata_before);
      if (s.step()) out.events_deleted = s.i64(0);
      auto o = db.prepare(std::string("SELECT COUNT(*) FROM (") + kOldOrders + ")");
      o.bind_all(store, metadata_before);
      if (o.step()) out.orders_deleted = o.i64(0);
    });
  } else {
    out.orders_deleted = write([&](Db& db) {
      Transaction tx(db);
      const std::string old = std::string(" AND order_id IN (") + kOldOrders + ")";
      for (const char* table : {"status_changes", "order_status_current", "campaign_sends"})
        db.prepare(std::string("DELETE FROM ") + table + " WHERE store_id = ?1" + old)
            .bind_all(store, metadata_before)
            .run();
      db.prepare(std::string("DELETE FROM orders WHERE store_id = ?1") + old)
          .bind_all(store, metadata_before)
          .run();
      const auto n = static_cast<std::int64_t>(db.changes());
      tx.commit();
      return n;
    });
    out.events_deleted = write([&](Db& db) {
      db.prepare("DELETE FROM events WHERE store_id = ? AND received_at < ?")
          .bind_all(store, metadata_before)
          .run();
      return static_cast<std::int64_t>(db.changes());
    });
  }
  return out;
}

}  // namespace herald::store::sqlite
