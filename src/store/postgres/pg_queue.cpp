// The delivery queue shared by every node: claims lock due rows with FOR UPDATE SKIP LOCKED (two
// nodes never wait on each other nor take the same message), lease them and move their fencing
// number on; an outcome is recorded only under the claim that is current.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <numeric>

#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_storage.h"

namespace herald::store::postgres {

namespace {
using nlohmann::json;

void add_suppression(Conn& db, StoreId store, const Suppression& s) {
  db.exec(
      "INSERT INTO suppressions (store_id, channel, address, reason, detail, source_message, "
      "created_at, expires_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) "
      "ON CONFLICT (store_id, channel, address) DO NOTHING",
      store, domain::to_string(s.channel), s.address, s.reason, s.detail, s.source_message,
      s.created_at, s.expires_at);
}

std::vector<std::string> strings(const std::string& text) {
  return json::parse(text).get<std::vector<std::string>>();
}
}  // namespace

std::vector<QueuedMessage> PgStorage::claim_due(domain::Channel channel, TimeMs now, int limit,
                                                TimeMs lease_until) {
  return with([&](Conn& db) {
    // One statement, so one transaction: the rows stay locked until their lease is written.
    auto s = db.exec(
        "WITH due AS (SELECT message_id, due_at FROM queue WHERE channel = $1 AND due_at <= $2 "
        "ORDER BY due_at, message_id LIMIT $3 FOR UPDATE SKIP LOCKED) "
        "UPDATE queue q SET due_at = $4, leased_until = $4, fence = q.fence + 1, claimed_by = $5 "
        "FROM due, messages m, message_content c, stores st "
        "WHERE q.message_id = due.message_id AND m.id = q.message_id "
        "AND c.message_id = q.message_id AND st.id = m.store_id "
        "RETURNING q.message_id, q.attempts, q.pending_json, m.store_id, m.public_id, "
        "m.from_addr, m.to_json, m.subject, c.cc_json, c.reply_to, c.html, c.text, c.sms, "
        "st.tracking, m.type, q.fence, due.due_at",
        domain::to_string(channel), now, limit, lease_until, node_id_);
    std::vector<QueuedMessage> out;
    std::vector<std::pair<TimeMs, std::int64_t>> order;
    for (int r = 0; r < s.rows(); ++r) {
      QueuedMessage m;
      m.seq = s.i64(r, 0);
      m.attempts = s.i32(r, 1);
      m.pending = strings(s.text(r, 2));
      m.store_id = s.i64(r, 3);
      m.id = s.text(r, 4);
      m.channel = channel;
      m.from = s.text(r, 5);
      m.to = strings(s.text(r, 6));
      m.subject = s.text(r, 7);
      m.cc = strings(s.text(r, 8));
      m.reply_to = s.text(r, 9);
      m.html = s.text(r, 10);
      m.text = s.text(r, 11);
      m.sms = s.text(r, 12);
      m.track = s.i32(r, 13) != 0;
      m.type = s.text(r, 14);
      m.fence = s.i64(r, 15);
      order.emplace_back(s.i64(r, 16), m.seq);
      out.push_back(std::move(m));
    }
    // RETURNING keeps no order: hand them out oldest due first, then by id, as SQLite does.
    std::vector<size_t> idx(out.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return order[a] < order[b]; });
    std::vector<QueuedMessage> sorted;
    sorted.reserve(out.size());
    for (auto i : idx) sorted.push_back(std::move(out[i]));
    return sorted;
  });
}

std::vector<AttemptState> PgStorage::attempt_states(const std::vector<std::int64_t>& seqs) {
  return with([&](Conn& db) {
    std::vector<AttemptState> out;
    out.reserve(seqs.size());
    for (const auto seq : seqs) {
      AttemptState st;
      st.seq = seq;
      auto s = db.exec(
          "SELECT q.attempts, m.status, m.fail_count, m.recipient_count, m.store_id, "
          "m.public_id, st.logging, EXISTS (SELECT 1 FROM message_events e "
          "WHERE e.message_id = q.message_id AND e.type = 'bounced'), "
          "(SELECT COUNT(*) FROM message_events e WHERE e.message_id = q.message_id) "
          "FROM queue q JOIN messages m ON m.id = q.message_id "
          "JOIN stores st ON st.id = m.store_id WHERE q.message_id = $1",
          seq);
      if (s.rows() > 0) {
        st.queued = true;
        st.attempts = s.i32(0, 0);
        st.status = domain::parse_status(s.text(0, 1)).value_or(domain::MessageStatus::queued);
        st.fail_count = s.i32(0, 2);
        st.recipient_count = s.i32(0, 3);
        st.store_id = s.i64(0, 4);
        st.public_id = s.text(0, 5);
        st.keep_bodies = s.i32(0, 6) != 0;
        st.bounced_before = s.i32(0, 7) != 0;
        st.timeline_entries = s.i32(0, 8);
        auto marks = db.exec(
            "SELECT DISTINCT type, recipient FROM message_events WHERE message_id = $1", seq);
        for (int r = 0; r < marks.rows(); ++r)
          st.marks.push_back({marks.text(r, 0), marks.text(r, 1)});
      }
      out.push_back(std::move(st));
    }
    return out;
  });
}

std::vector<ChangeRecorded> PgStorage::record_attempt_changes(
    const std::vector<AttemptChange>& changes) {
  return with([&](Conn& db) {
    // Rows are locked in message order, so two nodes recording overlapping batches cannot
    // deadlock; the answers keep the order of the changes.
    std::vector<size_t> idx(changes.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](size_t a, size_t b) {
      return changes[a].decided_on.seq < changes[b].decided_on.seq;
    });
    std::vector<ChangeRecorded> out(changes.size(), ChangeRecorded::moved);
    Transaction tx(db);
    for (auto i : idx) out[i] = record_attempt_change(db, changes[i]);
    tx.commit();
    return out;
  });
}

ChangeRecorded PgStorage::record_attempt_change(Conn& db, const AttemptChange& c) {
  const AttemptState& was = c.decided_on;
  const std::int64_t seq = was.seq;
  // The lock first (a report being recorded takes the same one), then the state, read in a
  // statement that starts after the lock was granted and so sees what its holder committed.
  auto locked = db.exec(
      "SELECT q.fence, q.attempts, m.status, m.fail_count FROM queue q "
      "JOIN messages m ON m.id = q.message_id WHERE q.message_id = $1 FOR UPDATE",
      seq);
  if (locked.rows() == 0) return ChangeRecorded::moved;
  if (locked.i64(0, 0) != c.fence) return ChangeRecorded::fenced;
  auto s = db.exec(
      "SELECT EXISTS (SELECT 1 FROM message_events WHERE message_id = $1 AND type = 'bounced'), "
      "(SELECT COUNT(*) FROM message_events WHERE message_id = $1)",
      seq);
  if (locked.i32(0, 1) != was.attempts || locked.text(0, 2) != domain::to_string(was.status) ||
      locked.i32(0, 3) != was.fail_count || (s.i32(0, 0) != 0) != was.bounced_before ||
      s.i32(0, 1) != was.timeline_entries)
    return ChangeRecorded::moved;
  for (const auto& e : c.timeline) add_timeline(db, seq, e, node_id_);
  write_figures(db, c.figures);
  for (const auto& sup : c.suppressions) add_suppression(db, was.store_id, sup);
  db.exec("UPDATE messages SET status = $1, fail_count = $2, updated_at = $3 WHERE id = $4",
          domain::to_string(c.status), c.fail_count, c.at, seq);
  if (!c.headers.empty())
    db.exec("UPDATE message_content SET headers = $1 WHERE message_id = $2", c.headers, seq);
  // The HTML as rendered stays beside the copy sent, for sending again.
  if (!c.html.empty())
    db.exec(
        "UPDATE message_content SET html_before_tracking = html, html = $1 WHERE message_id = $2",
        c.html, seq);
  if (c.requeue)
    db.exec(
        "UPDATE queue SET due_at = $1, attempts = $2, leased_until = 0, claimed_by = '', "
        "pending_json = $3 WHERE message_id = $4",
        c.requeue->due_at, c.requeue->attempts, json(c.requeue->pending).dump(), seq);
  else
    db.exec("DELETE FROM queue WHERE message_id = $1", seq);
  if (c.purge_bodies)
    db.exec(
        "UPDATE message_content SET html = '', html_before_tracking = '', text = '', sms = '', "
        "expired = 1 WHERE message_id = $1",
        seq);
  return ChangeRecorded::recorded;
}

std::optional<TimeMs> PgStorage::next_due(domain::Channel channel) {
  return with([&](Conn& db) -> std::optional<TimeMs> {
    auto s =
        db.exec("SELECT MIN(due_at) FROM queue WHERE channel = $1", domain::to_string(channel));
    if (s.rows() == 0 || s.is_null(0, 0)) return std::nullopt;
    return s.i64(0, 0);
  });
}

void PgStorage::release_leases() {
  with([&](Conn& db) {
    db.exec(
        "UPDATE queue SET due_at = 0, leased_until = 0, claimed_by = '' "
        "WHERE leased_until > 0 AND claimed_by = $1",
        node_id_);
  });
}

void PgStorage::renew_leases(TimeMs lease_until) {
  with([&](Conn& db) {
    db.exec(
        "UPDATE queue SET due_at = $1, leased_until = $1 WHERE claimed_by = $2 AND leased_until > "
        "0",
        lease_until, node_id_);
  });
}

std::int64_t PgStorage::queue_depth() {
  return with([](Conn& db) { return db.exec("SELECT COUNT(*) FROM queue").i64(0, 0); });
}

Counts PgStorage::counts() {
  return with([](Conn& db) {
    Counts c;
    c.queue_depth = db.exec("SELECT COUNT(*) FROM queue").i64(0, 0);
    auto s = db.exec("SELECT channel, status, COUNT(*) FROM messages GROUP BY channel, status");
    for (int r = 0; r < s.rows(); ++r)
      c.messages.emplace_back(s.text(r, 0), s.text(r, 1), s.i64(r, 2));
    return c;
  });
}

}  // namespace herald::store::postgres
