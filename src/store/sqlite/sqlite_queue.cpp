// The durable delivery queue and the recording of delivery attempts.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/ascii.h"
#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

namespace {
using domain::MessageStatus;
using domain::Outcome;
using nlohmann::json;

MessageStatus status_of(Outcome o) {
  switch (o) {
    case Outcome::sent:
      return MessageStatus::sent;
    case Outcome::deferred:
      return MessageStatus::deferred;
    case Outcome::bounced:
      return MessageStatus::bounced;
    case Outcome::failed:
      return MessageStatus::failed;
  }
  return MessageStatus::failed;
}

std::string describe(const domain::RecipientResult& r) {
  if (r.outcome == Outcome::sent) return "Accepted by the receiving server";
  std::string words = domain::describe_reason(r.reason);
  if (r.outcome == Outcome::deferred)
    return words.empty() ? "Temporary failure, will retry" : words + " (will retry)";
  return words.empty() ? "Could not be delivered" : words;
}

void add_timeline(Db& db, std::int64_t seq, TimeMs at, const std::string& type,
                  MessageStatus status, const domain::RecipientResult& r,
                  const std::string& description) {
  std::string detail = r.address;
  if (!r.detail.empty()) detail += detail.empty() ? r.detail : ": " + r.detail;
  db.prepare(
        "INSERT INTO message_events (message_id, at, type, status, smtp_code, enhanced_code, "
        "reason, description, detail, recipient) VALUES (?,?,?,?,?,?,?,?,?,?)")
      .bind_all(seq, at, type, std::string(domain::to_string(status)), r.smtp_code, r.enhanced_code,
                r.reason, description, detail, r.address)
      .run();
}
// The relay said the address does not exist: it goes on the store's suppression list.
void suppress_address(Db& db, StoreId store, const AttemptRecord& a,
                      const domain::RecipientResult& r) {
  const std::string address = ascii_lower(r.address);
  std::string channel = address.find('@') == std::string::npos ? "sms" : "email";
  db.prepare(
        "INSERT INTO suppressions (store_id, channel, address, reason, detail, source_message, "
        "created_at) VALUES (?,?,?,?,?,(SELECT public_id FROM messages WHERE id = ?),?) "
        "ON CONFLICT (store_id, channel, address) DO NOTHING")
      .bind_all(store, channel, address, r.reason, r.detail, a.seq, a.at)
      .run();
}
}  // namespace

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
              "WHERE q.channel = ? AND q.due_at <= ? ORDER BY q.due_at LIMIT ?");
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
        for (const auto& m : out)
          db.prepare("UPDATE queue SET due_at = ?, leased_until = ? WHERE message_id = ?")
              .bind_all(lease_until, lease_until, m.seq)
              .run();
        tx.commit();
        return out;
      },
      Sync::deferred);
}

void SqliteStorage::record_attempts(const std::vector<AttemptRecord>& attempts, int max_attempts) {
  write(
      [&](Db& db) {
        Transaction tx(db);
        for (const auto& a : attempts) record_attempt(db, a, max_attempts);
        tx.commit();
      },
      Sync::deferred);
}

void SqliteStorage::record_attempt(Db& db, const AttemptRecord& a, int max_attempts) {
  {
    int attempts = 0, fail_count = 0, recipient_count = 0;
    StoreId store = 0;
    {
      auto s = db.prepare(
          "SELECT q.attempts, m.fail_count, m.recipient_count, m.store_id FROM queue q "
          "JOIN messages m ON m.id = q.message_id WHERE q.message_id = ?");
      s.bind(1, a.seq);
      if (!s.step()) return;  // already recorded (e.g. by a worker whose lease expired)
      attempts = s.i32(0) + 1;
      fail_count = s.i32(1);
      recipient_count = s.i32(2);
      store = s.i64(3);
    }
    const bool may_retry = a.retry_at.has_value() && attempts < max_attempts;
    std::vector<std::string> pending;
    bool any_bounced = false;
    for (const auto& r : a.results) {
      MessageStatus st = status_of(r.outcome);
      add_timeline(db, a.seq, a.at, std::string(domain::to_string(st)), st, r, describe(r));
      if (r.outcome == Outcome::deferred) {
        if (may_retry) {
          pending.push_back(r.address);
        } else {
          ++fail_count;
          add_timeline(db, a.seq, a.at, "failed", MessageStatus::failed, r,
                       "Gave up after " + std::to_string(attempts) + " attempts: " +
                           domain::describe_reason(r.reason.empty() ? "expired" : r.reason));
        }
      } else if (r.outcome != Outcome::sent) {
        ++fail_count;
        any_bounced = any_bounced || r.outcome == Outcome::bounced;
        if (r.outcome == Outcome::bounced && domain::is_hard_reason(r.reason))
          suppress_address(db, store, a, r);
      }
    }
    if (!any_bounced) {
      auto s = db.prepare(
          "SELECT 1 FROM message_events WHERE message_id = ? AND type = 'bounced' LIMIT 1");
      s.bind(1, a.seq);
      any_bounced = s.step();
    }
    MessageStatus status = MessageStatus::sent;
    if (!pending.empty())
      status = MessageStatus::deferred;
    else if (fail_count >= recipient_count)
      status = any_bounced ? MessageStatus::bounced : MessageStatus::failed;

    db.prepare("UPDATE messages SET status = ?, fail_count = ?, updated_at = ? WHERE id = ?")
        .bind_all(std::string(domain::to_string(status)), fail_count, a.at, a.seq)
        .run();
    if (!a.headers.empty())
      db.prepare("UPDATE message_content SET headers = ? WHERE message_id = ?")
          .bind_all(a.headers, a.seq)
          .run();
    // Retries render tracking from the stored HTML, so the sent copy replaces it only at the end;
    // the HTML before tracking is kept for sending again.
    if (!a.html.empty() && pending.empty())
      db.prepare(
            "UPDATE message_content SET html_before_tracking = html, html = ? "
            "WHERE message_id = ?")
          .bind_all(a.html, a.seq)
          .run();
    if (!pending.empty()) {
      db.prepare(
            "UPDATE queue SET due_at = ?, attempts = ?, leased_until = 0, pending_json = ? "
            "WHERE message_id = ?")
          .bind_all(*a.retry_at, attempts, json(pending).dump(), a.seq)
          .run();
    } else {
      db.prepare("DELETE FROM queue WHERE message_id = ?").bind(1, a.seq).run();
      // A store with logging off keeps the log row but not the body.
      db.prepare(
            "UPDATE message_content SET html = '', html_before_tracking = '', text = '', sms = '', "
            "expired = 1 WHERE message_id = ? AND (SELECT logging FROM stores WHERE id = ?) = 0")
          .bind_all(a.seq, store)
          .run();
    }
  }
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
