// Reports after sending: finding the message a report names, and recording what the report
// service decided it does to that message.
#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_figures.h"
#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

namespace {
using domain::MessageStatus;
using nlohmann::json;

// The latest time on a message's timeline, its creation while the timeline is empty.
constexpr const char* kTimelineEnd =
    "MAX(COALESCE((SELECT MAX(at) FROM message_events WHERE message_id = ?1), 0), created_at)";
constexpr const char* kTimelineEntries =
    "(SELECT COUNT(*) FROM message_events WHERE message_id = ?1)";
}  // namespace

std::optional<MessageLocator> SqliteStorage::locate_where(const std::string& where,
                                                          const std::function<void(Stmt&)>& bind) {
  return read([&](Db& db) -> std::optional<MessageLocator> {
    auto s = db.prepare(
        "SELECT m.store_id, m.id, m.public_id, m.channel, m.to_json, c.cc_json "
        "FROM messages m LEFT JOIN message_content c ON c.message_id = m.id WHERE " +
        where);
    bind(s);
    if (!s.step()) return std::nullopt;
    MessageLocator l;
    l.store_id = s.i64(0);
    l.seq = s.i64(1);
    l.id = s.text(2);
    l.channel = domain::parse_channel(s.text(3)).value_or(domain::Channel::email);
    l.recipients = json::parse(s.text(4)).get<std::vector<std::string>>();
    if (!s.is_null(5))
      for (const auto& cc : json::parse(s.text(5))) l.recipients.push_back(cc.get<std::string>());
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

std::optional<MessageReportState> SqliteStorage::report_state(std::int64_t seq) {
  return read([&](Db& db) -> std::optional<MessageReportState> {
    MessageReportState state;
    {
      auto s =
          db.prepare(std::string("SELECT status, fail_count, recipient_count, ") + kTimelineEnd +
                     ", " + kTimelineEntries + ", store_id FROM messages WHERE id = ?1");
      s.bind(1, seq);
      if (!s.step()) return std::nullopt;
      state.status = domain::parse_status(s.text(0)).value_or(MessageStatus::queued);
      state.fail_count = s.i32(1);
      state.recipient_count = s.i32(2);
      state.timeline_end = s.i64(3);
      state.timeline_entries = s.i32(4);
      state.store_id = s.i64(5);
    }
    auto s = db.prepare("SELECT DISTINCT type, recipient FROM message_events WHERE message_id = ?");
    s.bind(1, seq);
    while (s.step()) state.marks.push_back({s.text(0), s.text(1)});
    return state;
  });
}

bool SqliteStorage::record_report(const ReportChange& c) {
  return write([&](Db& db) {
    Transaction tx(db);
    {
      auto s = db.prepare(std::string("SELECT status, fail_count, ") + kTimelineEnd + ", " +
                          kTimelineEntries + " FROM messages WHERE id = ?1");
      s.bind(1, c.seq);
      if (!s.step()) return false;
      if (s.text(0) != domain::to_string(c.expected_status) || s.i32(1) != c.expected_fail_count ||
          s.i64(2) != c.expected_timeline_end || s.i32(3) != c.expected_timeline_entries)
        return false;
    }
    const auto& e = c.entry;
    const std::string status(domain::to_string(c.status));
    db.prepare(
          "INSERT INTO message_events (message_id, at, type, status, smtp_code, enhanced_code, "
          "reason, description, detail, recipient, url, node) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
        .bind_all(c.seq, e.at, e.type, status, e.smtp_code, e.enhanced_code, e.reason,
                  e.description, e.detail, e.recipient, e.url, node_id_)
        .run();
    db.prepare("UPDATE messages SET status = ?, fail_count = ?, updated_at = ? WHERE id = ?")
        .bind_all(status, c.fail_count, e.at, c.seq)
        .run();
    write_figures(db, c.figures);
    tx.commit();
    return true;
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
