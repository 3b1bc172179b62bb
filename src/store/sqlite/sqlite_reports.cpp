// Reports after sending: bounces, delivery reports, opens and clicks move a message forward.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

namespace {
using domain::MessageStatus;
using nlohmann::json;

// Progress of a message that reached its recipient; a later report never moves it back.
int progress(MessageStatus s) {
  switch (s) {
    case MessageStatus::queued:
      return 0;
    case MessageStatus::deferred:
      return 1;
    case MessageStatus::sent:
      return 2;
    case MessageStatus::delivered:
      return 3;
    case MessageStatus::opened:
      return 4;
    case MessageStatus::clicked:
      return 5;
    default:
      return -1;  // a failure or complaint status
  }
}

bool is_recipient_failure(const std::string& type) {
  return type == "bounced" || type == "undelivered" || type == "failed";
}
}  // namespace

std::optional<MessageLocator> SqliteStorage::locate_where(const std::string& where,
                                                          const std::function<void(Stmt&)>& bind) {
  return read([&](Db& db) -> std::optional<MessageLocator> {
    auto s = db.prepare(
        "SELECT m.store_id, m.id, m.public_id, m.channel, m.status, m.to_json, c.cc_json "
        "FROM messages m LEFT JOIN message_content c ON c.message_id = m.id WHERE " +
        where);
    bind(s);
    if (!s.step()) return std::nullopt;
    MessageLocator l;
    l.store_id = s.i64(0);
    l.seq = s.i64(1);
    l.id = s.text(2);
    l.channel = domain::parse_channel(s.text(3)).value_or(domain::Channel::email);
    l.status = domain::parse_status(s.text(4)).value_or(MessageStatus::queued);
    l.recipients = json::parse(s.text(5)).get<std::vector<std::string>>();
    if (!s.is_null(6))
      for (const auto& cc : json::parse(s.text(6))) l.recipients.push_back(cc.get<std::string>());
    return l;
  });
}

std::optional<MessageLocator> SqliteStorage::locate_message(const std::string& id) {
  return locate_where("m.public_id = ?", [&](Stmt& s) { s.bind(1, id); });
}

std::optional<MessageLocator> SqliteStorage::locate_by_provider_ref(const std::string& provider,
                                                                    const std::string& ref) {
  return locate_where(
      "m.id = (SELECT message_id FROM provider_refs WHERE provider = ? AND "
      "provider_message_id = ?)",
      [&](Stmt& s) { s.bind_all(provider, ref); });
}

void SqliteStorage::add_provider_ref(std::int64_t seq, const std::string& provider,
                                     const std::string& ref) {
  write(
      [&](Db& db) {
        db.prepare(
              "INSERT OR REPLACE INTO provider_refs (provider, provider_message_id, message_id) "
              "VALUES (?,?,?)")
            .bind_all(provider, ref, seq)
            .run();
      },
      Sync::deferred);
}

MessageStatus SqliteStorage::apply_update(std::int64_t seq, const DeliveryUpdate& u) {
  return write([&](Db& db) {
    Transaction tx(db);
    MessageStatus status = MessageStatus::queued;
    int fail_count = 0, recipient_count = 1;
    {
      auto s = db.prepare("SELECT status, fail_count, recipient_count FROM messages WHERE id = ?");
      s.bind(1, seq);
      if (!s.step()) return status;
      status = domain::parse_status(s.text(0)).value_or(MessageStatus::queued);
      fail_count = s.i32(1);
      recipient_count = s.i32(2);
    }
    // A report's own clock may lag ours (Kannel gives whole seconds): the timeline stays in
    // order by never placing a report before what is already on it.
    TimeMs at = u.at;
    {
      auto s = db.prepare(
          "SELECT MAX(COALESCE((SELECT MAX(at) FROM message_events WHERE message_id = ?1), 0), "
          "created_at) FROM messages WHERE id = ?1");
      s.bind(1, seq);
      if (s.step()) at = std::max(at, s.i64(0));
    }
    auto reported = domain::parse_status(u.type);
    MessageStatus next = status;
    if (is_recipient_failure(u.type)) {
      bool counted = false;
      if (!u.recipient.empty()) {
        auto s = db.prepare(
            "SELECT 1 FROM message_events WHERE message_id = ? AND recipient = ? AND type IN "
            "('bounced', 'undelivered', 'failed') LIMIT 1");
        s.bind_all(seq, u.recipient);
        counted = s.step();
      }
      if (!counted) fail_count = std::min(fail_count + 1, recipient_count);
      if (fail_count >= recipient_count && reported) next = *reported;
    } else if (u.type == "complained") {
      next = MessageStatus::complained;
    } else if (reported && progress(*reported) > progress(status) && progress(status) >= 0) {
      next = *reported;
    }
    db.prepare(
          "INSERT INTO message_events (message_id, at, type, status, smtp_code, enhanced_code, "
          "reason, description, detail, recipient, url) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
        .bind_all(seq, at, u.type, std::string(domain::to_string(next)), u.smtp_code,
                  u.enhanced_code, u.reason, u.description, u.detail, u.recipient, u.url)
        .run();
    db.prepare("UPDATE messages SET status = ?, fail_count = ?, updated_at = ? WHERE id = ?")
        .bind_all(std::string(domain::to_string(next)), fail_count, at, seq)
        .run();
    tx.commit();
    return next;
  });
}

void SqliteStorage::add_unmatched_bounce(const UnmatchedBounce& b) {
  write([&](Db& db) {
    db.prepare(
          "INSERT INTO unmatched_bounces (store_id, received_at, source, summary, raw) "
          "VALUES (?,?,?,?,?)")
        .bind_all(b.store_id, b.received_at, b.source, b.summary, b.raw)
        .run();
  });
}

std::vector<UnmatchedBounce> SqliteStorage::list_unmatched_bounces(
    StoreId store, int limit, std::optional<std::int64_t> before) {
  return read([&](Db& db) {
    std::vector<UnmatchedBounce> out;
    auto s = db.prepare(
        "SELECT id, store_id, received_at, source, summary, raw FROM unmatched_bounces "
        "WHERE store_id = ? AND id < ? ORDER BY id DESC LIMIT ?");
    s.bind_all(store, before.value_or(INT64_MAX), limit);
    while (s.step()) out.push_back({s.i64(0), s.i64(1), s.i64(2), s.text(3), s.text(4), s.text(5)});
    return out;
  });
}

}  // namespace herald::store::sqlite
