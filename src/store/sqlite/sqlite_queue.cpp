// The durable delivery queue and the recording of delivery attempts.
#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_figures.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

namespace {
using nlohmann::json;

void add_suppression(Db& db, StoreId store, const Suppression& s) {
  db.prepare(
        "INSERT INTO suppressions (store_id, channel, address, reason, detail, source_message, "
        "created_at, expires_at) VALUES (?,?,?,?,?,?,?,?) "
        "ON CONFLICT (store_id, channel, address) DO NOTHING")
      .bind_all(store, std::string(domain::to_string(s.channel)), s.address, s.reason, s.detail,
                s.source_message, s.created_at, s.expires_at)
      .run();
}
}  // namespace

void add_timeline(Db& db, std::int64_t seq, const TimelineEntry& e, const std::string& node) {
  db.prepare(
        "INSERT INTO message_events (message_id, at, type, status, smtp_code, enhanced_code, "
        "reason, description, detail, recipient, node) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
      .bind_all(seq, e.at, e.type, std::string(domain::to_string(e.status)), e.smtp_code,
                e.enhanced_code, e.reason, e.description, e.detail, e.recipient, node)
      .run();
}

std::vector<QueuedMessage> SqliteStorage::claim_due(domain::Channel channel, TimeMs now, int limit,
                                                    TimeMs lease_until) {
  return write(
      [&](Db& db) {
        std::vector<QueuedMessage> out;
        Transaction tx(db);
        {
          auto s = db.prepare(
              "SELECT q.message_id, q.attempts, q.pending_json, m.store_id, m.public_id, "
              "m.from_addr, m.to_json, m.subject, c.cc_json, c.reply_to, c.html, c.text, c.sms, "
              "st.tracking, m.type FROM queue q JOIN messages m ON m.id = q.message_id "
              "JOIN message_content c ON c.message_id = q.message_id "
              "JOIN stores st ON st.id = m.store_id "
              "WHERE q.channel = ? AND q.due_at <= ? ORDER BY q.due_at, q.message_id LIMIT ?");
          s.bind_all(std::string(domain::to_string(channel)), now, limit);
          while (s.step()) {
            QueuedMessage m;
            m.seq = s.i64(0);
            m.attempts = s.i32(1);
            m.pending = json::parse(s.text(2)).get<std::vector<std::string>>();
            m.store_id = s.i64(3);
            m.id = s.text(4);
            m.channel = channel;
            m.from = s.text(5);
            m.to = json::parse(s.text(6)).get<std::vector<std::string>>();
            m.subject = s.text(7);
            m.cc = json::parse(s.text(8)).get<std::vector<std::string>>();
            m.reply_to = s.text(9);
            m.html = s.text(10);
            m.text = s.text(11);
            m.sms = s.text(12);
            m.track = s.i32(13) != 0;
            m.type = s.text(14);
            out.push_back(std::move(m));
          }
        }
        // A lease is a due time in the future: if the worker dies, the message is due again.
        for (auto& m : out) {
          auto s = db.prepare(
              "UPDATE queue SET due_at = ?, leased_until = ?, fence = fence + 1 "
              "WHERE message_id = ? RETURNING fence");
          s.bind_all(lease_until, lease_until, m.seq);
          if (s.step()) m.fence = s.i64(0);
          s.run();
        }
        tx.commit();
        return out;
      },
      Sync::deferred);
}

std::vector<AttemptState> SqliteStorage::attempt_states(const std::vector<std::int64_t>& seqs) {
  return read([&](Db& db) {
    std::vector<AttemptState> out;
    out.reserve(seqs.size());
    for (const auto seq : seqs) {
      AttemptState st;
      st.seq = seq;
      auto s = db.prepare(
          "SELECT q.attempts, m.status, m.fail_count, m.recipient_count, m.store_id, "
          "m.public_id, st.logging, EXISTS (SELECT 1 FROM message_events e "
          "WHERE e.message_id = q.message_id AND e.type = 'bounced'), "
          "(SELECT COUNT(*) FROM message_events e WHERE e.message_id = q.message_id) "
          "FROM queue q JOIN messages m ON m.id = q.message_id "
          "JOIN stores st ON st.id = m.store_id WHERE q.message_id = ?");
      s.bind(1, seq);
      if (s.step()) {
        st.queued = true;
        st.attempts = s.i32(0);
        st.status = domain::parse_status(s.text(1)).value_or(domain::MessageStatus::queued);
        st.fail_count = s.i32(2);
        st.recipient_count = s.i32(3);
        st.store_id = s.i64(4);
        st.public_id = s.text(5);
        st.keep_bodies = s.i32(6) != 0;
        st.bounced_before = s.i32(7) != 0;
        st.timeline_entries = s.i32(8);
        auto marks =
            db.prepare("SELECT DISTINCT type, recipient FROM message_events WHERE message_id = ?");
        marks.bind(1, seq);
        while (marks.step()) st.marks.push_back({marks.text(0), marks.text(1)});
      }
      out.push_back(std::move(st));
    }
    return out;
  });
}

std::vector<ChangeRecorded> SqliteStorage::record_attempt_changes(
    const std::vector<AttemptChange>& changes) {
  return write(
      [&](Db& db) {
        std::vector<ChangeRecorded> out;
        out.reserve(changes.size());
        Transaction tx(db);
        for (const auto& c : changes) out.push_back(record_attempt_change(db, c));
        tx.commit();
        return out;
      },
      Sync::deferred);
}

ChangeRecorded SqliteStorage::record_attempt_change(Db& db, const AttemptChange& c) {
  const AttemptState& was = c.decided_on;
  const std::int64_t seq = was.seq;
  {
    auto s = db.prepare(
        "SELECT q.attempts, m.status, m.fail_count, EXISTS (SELECT 1 FROM message_events e "
        "WHERE e.message_id = q.message_id AND e.type = 'bounced'), "
        "(SELECT COUNT(*) FROM message_events e WHERE e.message_id = q.message_id), q.fence "
        "FROM queue q JOIN messages m ON m.id = q.message_id WHERE q.message_id = ?");
    s.bind(1, seq);
    if (!s.step()) return ChangeRecorded::moved;
    if (s.i64(5) != c.fence) return ChangeRecorded::fenced;
    if (s.i32(0) != was.attempts || s.text(1) != domain::to_string(was.status) ||
        s.i32(2) != was.fail_count || (s.i32(3) != 0) != was.bounced_before ||
        s.i32(4) != was.timeline_entries)
      return ChangeRecorded::moved;
  }
  for (const auto& e : c.timeline) add_timeline(db, seq, e, node_id_);
  write_figures(db, c.figures);
  for (const auto& sup : c.suppressions) add_suppression(db, was.store_id, sup);
  db.prepare("UPDATE messages SET status = ?, fail_count = ?, updated_at = ? WHERE id = ?")
      .bind_all(std::string(domain::to_string(c.status)), c.fail_count, c.at, seq)
      .run();
  if (!c.headers.empty())
    db.prepare("UPDATE message_content SET headers = ? WHERE message_id = ?")
        .bind_all(c.headers, seq)
        .run();
  // The HTML as rendered stays beside the copy sent, for sending again.
  if (!c.html.empty())
    db.prepare(
          "UPDATE message_content SET html_before_tracking = html, html = ? WHERE message_id = ?")
        .bind_all(c.html, seq)
        .run();
  if (c.requeue) {
    db.prepare(
          "UPDATE queue SET due_at = ?, attempts = ?, leased_until = 0, pending_json = ? "
          "WHERE message_id = ?")
        .bind_all(c.requeue->due_at, c.requeue->attempts, json(c.requeue->pending).dump(), seq)
        .run();
  } else {
    db.prepare("DELETE FROM queue WHERE message_id = ?").bind(1, seq).run();
  }
  if (c.purge_bodies)
    db.prepare(
          "UPDATE message_content SET html = '', html_before_tracking = '', text = '', sms = '', "
          "expired = 1 WHERE message_id = ?")
        .bind(1, seq)
        .run();
  return ChangeRecorded::recorded;
}

std::optional<TimeMs> SqliteStorage::next_due(domain::Channel channel) {
  return read([&](Db& db) -> std::optional<TimeMs> {
    auto s = db.prepare("SELECT MIN(due_at) FROM queue WHERE channel = ?");
    s.bind(1, std::string(domain::to_string(channel)));
    if (!s.step() || s.is_null(0)) return std::nullopt;
    return s.i64(0);
  });
}

void SqliteStorage::release_leases() {
  write([](Db& db) {
    db.exec("UPDATE queue SET due_at = 0, leased_until = 0 WHERE leased_until > 0");
  });
}

void SqliteStorage::renew_leases(TimeMs lease_until) {
  // One node per database file: every claim is this node's.
  write(
      [&](Db& db) {
        db.prepare("UPDATE queue SET due_at = ?1, leased_until = ?1 WHERE leased_until > 0")
            .bind_all(lease_until)
            .run();
      },
      Sync::deferred);
}

std::int64_t SqliteStorage::queue_depth() {
  return read([](Db& db) {
    auto s = db.prepare("SELECT COUNT(*) FROM queue");
    return s.step() ? s.i64(0) : 0;
  });
}

Counts SqliteStorage::counts() {
  return read([](Db& db) {
    Counts c;
    {
      auto s = db.prepare("SELECT COUNT(*) FROM queue");
      if (s.step()) c.queue_depth = s.i64(0);
    }
    auto s = db.prepare("SELECT channel, status, COUNT(*) FROM messages GROUP BY channel, status");
    while (s.step()) c.messages.emplace_back(s.text(0), s.text(1), s.i64(2));
    return c;
  });
}

}  // namespace herald::store::sqlite
