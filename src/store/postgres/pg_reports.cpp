// Reports after sending: finding the message a report names, and recording what the report
// service decided it does to that message.
#include <nlohmann/json.hpp>

#include "store/postgres/pg_bytea.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_storage.h"

namespace herald::store::postgres {

namespace {
using domain::MessageStatus;
using nlohmann::json;

// The latest time on a message's timeline, its creation while the timeline is empty.
constexpr const char* kTimelineEnd =
    "GREATEST(COALESCE((SELECT MAX(at) FROM message_events WHERE message_id = $1), 0), "
    "created_at)";
constexpr const char* kTimelineEntries =
    "(SELECT COUNT(*) FROM message_events WHERE message_id = $1)";

std::optional<MessageLocator> read_locator(const Result& s) {
  if (s.rows() == 0) return std::nullopt;
  MessageLocator l;
  l.store_id = s.i64(0, 0);
  l.seq = s.i64(0, 1);
  l.id = s.text(0, 2);
  l.channel = domain::parse_channel(s.text(0, 3)).value_or(domain::Channel::email);
  l.recipients = json::parse(s.text(0, 4)).get<std::vector<std::string>>();
  if (!s.is_null(0, 5))
    for (const auto& cc : json::parse(s.text(0, 5))) l.recipients.push_back(cc.get<std::string>());
  return l;
}

constexpr const char* kLocate =
    "SELECT m.store_id, m.id, m.public_id, m.channel, m.to_json, c.cc_json "
    "FROM messages m LEFT JOIN message_content c ON c.message_id = m.id WHERE ";
}  // namespace

std::optional<MessageLocator> PgStorage::locate_message(const std::string& id) {
  return with([&](Conn& db) {
    return read_locator(db.exec(std::string(kLocate) + "m.public_id = $1", id));
  });
}

std::optional<MessageLocator> PgStorage::locate_by_provider_ref(const std::string& provider,
                                                                const std::string& ref) {
  return with([&](Conn& db) {
    return read_locator(db.exec(std::string(kLocate) +
                                    "m.id = (SELECT message_id FROM provider_refs WHERE "
                                    "provider = $1 AND provider_message_id = $2)",
                                provider, ref));
  });
}

void PgStorage::add_provider_ref(std::int64_t seq, const std::string& provider,
                                 const std::string& ref) {
  with([&](Conn& db) {
    db.exec(
        "INSERT INTO provider_refs (provider, provider_message_id, message_id) VALUES ($1,$2,$3) "
        "ON CONFLICT (provider, provider_message_id) DO UPDATE SET message_id = "
        "excluded.message_id",
        provider, ref, seq);
  });
}

std::optional<MessageReportState> PgStorage::report_state(std::int64_t seq) {
  return with([&](Conn& db) -> std::optional<MessageReportState> {
    MessageReportState state;
    auto s = db.exec(std::string("SELECT status, fail_count, recipient_count, ") + kTimelineEnd +
                         ", " + kTimelineEntries + ", store_id FROM messages WHERE id = $1",
                     seq);
    if (s.rows() == 0) return std::nullopt;
    state.status = domain::parse_status(s.text(0, 0)).value_or(MessageStatus::queued);
    state.fail_count = s.i32(0, 1);
    state.recipient_count = s.i32(0, 2);
    state.timeline_end = s.i64(0, 3);
    state.timeline_entries = s.i32(0, 4);
    state.store_id = s.i64(0, 5);
    auto marks =
        db.exec("SELECT DISTINCT type, recipient FROM message_events WHERE message_id = $1", seq);
    for (int r = 0; r < marks.rows(); ++r)
      state.marks.push_back({marks.text(r, 0), marks.text(r, 1)});
    return state;
  });
}

bool PgStorage::record_report(const ReportChange& c) {
  return with([&](Conn& db) {
    Transaction tx(db);
    // The message's row lock first (an attempt being recorded takes the same one), then its
    // state, read by a statement that sees what the lock's previous holder committed.
    if (db.exec("SELECT 1 FROM messages WHERE id = $1 FOR UPDATE", c.seq).rows() == 0) return false;
    auto s = db.exec(std::string("SELECT status, fail_count, ") + kTimelineEnd + ", " +
                         kTimelineEntries + " FROM messages WHERE id = $1",
                     c.seq);
    if (s.text(0, 0) != domain::to_string(c.expected_status) ||
        s.i32(0, 1) != c.expected_fail_count || s.i64(0, 2) != c.expected_timeline_end ||
        s.i32(0, 3) != c.expected_timeline_entries)
      return false;
    const auto& e = c.entry;
    const std::string status(domain::to_string(c.status));
    db.exec(
        "INSERT INTO message_events (message_id, at, type, status, smtp_code, enhanced_code, "
        "reason, description, detail, recipient, url, node) "
        "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
        c.seq, e.at, e.type, status, e.smtp_code, e.enhanced_code, e.reason, e.description,
        e.detail, e.recipient, e.url, node_id_);
    db.exec("UPDATE messages SET status = $1, fail_count = $2, updated_at = $3 WHERE id = $4",
            status, c.fail_count, e.at, c.seq);
    write_figures(db, c.figures);
    tx.commit();
    return true;
  });
}

void PgStorage::add_unmatched_bounce(const UnmatchedBounce& b) {
  with([&](Conn& db) {
    db.exec(
        "INSERT INTO unmatched_bounces (store_id, received_at, source, summary, raw) "
        "VALUES ($1,$2,$3,$4,$5::bytea)",
        b.store_id, b.received_at, b.source, b.summary, bytea_param(b.raw));
  });
}

std::vector<UnmatchedBounce> PgStorage::list_unmatched_bounces(StoreId store, int limit,
                                                               std::optional<std::int64_t> before) {
  return with([&](Conn& db) {
    std::vector<UnmatchedBounce> out;
    auto s = db.exec(
        "SELECT id, store_id, received_at, source, summary, raw FROM unmatched_bounces "
        "WHERE store_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
        store, before.value_or(INT64_MAX), limit);
    for (int r = 0; r < s.rows(); ++r)
      out.push_back({s.i64(r, 0), s.i64(r, 1), s.i64(r, 2), s.text(r, 3), s.text(r, 4),
                     bytea_value(s.view(r, 5))});
    return out;
  });
}

}  // namespace herald::store::postgres
