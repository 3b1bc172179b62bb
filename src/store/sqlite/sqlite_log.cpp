// The message log: filtered, keyset-paginated reads.
#include <algorithm>
#include <cctype>
#include <functional>
#include <nlohmann/json.hpp>

#include "common/ascii.h"
#include "store/log_search_terms.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

namespace {
using nlohmann::json;

const std::string kRowColumns = std::string("SELECT ") + kMessageColumns + " FROM messages m ";

// Words of a subject search become an FTS5 query where each word may be a prefix:
// "på vei" -> "på"* "vei"*. A word holds no quote, so user text can never be FTS syntax.
// Prefixes up to 6 characters have their own index (migration 4), so the search reads matches
// lazily, newest first, instead of merging every matching term up front.
std::string fts_query(const std::string& text) {
  std::string out;
  for (const auto& w : subject_search_words(text)) out += (out.empty() ? "\"" : " \"") + w + "\"*";
  return out;
}

// The store's senders (distinct from_addr, case-insensitively) that contain `text`, found by
// hopping from one sender to the next through the sender index: a store has few senders and
// millions of messages, so this beats reading every row. Nullopt when there are too many
// senders to list this way.
std::optional<std::vector<std::string>> senders_containing(Db& db, StoreId store,
                                                           const std::string& text) {
  const std::string needle = ascii_lower(text);
  std::vector<std::string> out;
  std::string after;
  for (int hops = 0;; ++hops) {
    if (hops == 500) return std::nullopt;
    auto s = db.prepare(
        "SELECT from_addr FROM messages INDEXED BY messages_by_from WHERE store_id = ? "
        "AND from_addr > ? COLLATE NOCASE ORDER BY from_addr COLLATE NOCASE LIMIT 1");
    s.bind_all(store, after);
    if (!s.step()) return out;
    after = s.text(0);
    if (ascii_lower(after).find(needle) != std::string::npos) out.push_back(after);
  }
}
}  // namespace

// Which index drives the query matters more than anything else with a million rows:
// - a date range: the created_at index, newest first, so the scan stops after `limit` rows;
// - subject words (no recipient, no dates): the FTS index itself, read newest first;
// - otherwise the store's (or the channel's, status's, order's...) index by id.
// The keyset cursor follows the same order.
std::vector<MessageRow> SqliteStorage::find_messages(StoreId store, const MessageQuery& q) {
  const bool by_time = q.since || q.until;
  const std::string match = q.subject.empty() ? "" : fts_query(q.subject);
  const bool fts_driven = !match.empty() && q.address.empty() && !by_time;
  std::string sql = kRowColumns;
  std::vector<std::function<void(Stmt&, int)>> binders;
  auto bind = [&](auto value) { binders.push_back([value](Stmt& s, int i) { s.bind(i, value); }); };
  auto add = [&](const std::string& clause, auto value) {
    sql += " AND " + clause;
    bind(value);
  };
  std::string key = "m.id";
  if (fts_driven) {
    // kRowColumns ends in "FROM messages m": join the FTS table in front of it.
    sql.replace(sql.rfind("FROM messages m"), 15,
                "FROM message_subjects s JOIN messages m ON m.id = s.rowid");
    sql += "WHERE message_subjects MATCH ? AND m.store_id = ?";
    bind(match);
    bind(store);
    key = "s.rowid";
  } else {
    sql += "WHERE m.store_id = ?";
    bind(store);
  }
  if (!q.address.empty()) {
    // Not correlated (store_id = ?, not m.store_id), so SQLite can drive the query from the
    // recipient index instead of testing every message of the store.
    sql +=
        " AND m.id IN (SELECT message_id FROM message_recipients WHERE store_id = ? "
        "AND address = ?)";
    bind(store);
    bind(q.address);
  }
  if (!q.subject.empty() && !fts_driven) {
    if (match.empty())
      add("m.subject LIKE ?", "%" + q.subject + "%");
    else
      add("m.id IN (SELECT rowid FROM message_subjects WHERE message_subjects MATCH ?)", match);
  }
  if (q.channel) add("m.channel = ?", std::string(domain::to_string(*q.channel)));
  if (q.status) add("m.status = ?", std::string(domain::to_string(*q.status)));
  // A whole address is matched exactly (through an index); other text is a substring of the
  // sender, turned into the list of the store's senders that contain it.
  if (is_whole_address(q.from)) {
    add("m.from_addr = ? COLLATE NOCASE", q.from);
  } else if (!q.from.empty()) {
    auto senders = read([&](Db& db) { return senders_containing(db, store, q.from); });
    if (!senders) {
      add("m.from_addr LIKE ?", "%" + q.from + "%");
    } else if (senders->empty()) {
      sql += " AND 0";
    } else {
      sql += " AND m.from_addr COLLATE NOCASE IN (";
      for (size_t i = 0; i < senders->size(); ++i) {
        sql += i ? ",?" : "?";
        bind((*senders)[i]);
      }
      sql += ")";
    }
  }
  if (!q.type.empty()) add("m.type = ?", q.type);
  // "<> ''" lets SQLite use the partial indexes, which only hold rows with a value.
  if (!q.event_id.empty()) add("m.event_id <> '' AND m.event_id = ?", q.event_id);
  if (!q.order_id.empty()) add("m.order_id <> '' AND m.order_id = ?", q.order_id);
  if (!q.customer_id.empty()) add("m.customer_id <> '' AND m.customer_id = ?", q.customer_id);
  if (!q.cart_id.empty()) add("m.cart_id <> '' AND m.cart_id = ?", q.cart_id);
  if (q.failed_only) sql += " AND m.fail_count > 0";
  if (q.since) add("m.created_at >= ?", *q.since);
  if (q.until) add("m.created_at <= ?", *q.until);
  const std::optional<std::int64_t> cursor = q.before_seq ? q.before_seq : q.after_seq;
  const char* cmp = q.before_seq ? "<" : ">";
  if (cursor && by_time)
    add(std::string("(m.created_at, m.id) ") + cmp +
            " (SELECT created_at, id FROM messages WHERE id = ?)",
        *cursor);
  else if (cursor)
    add(key + " " + cmp + " ?", *cursor);
  const char* dir = q.before_seq || !q.after_seq ? " DESC" : " ASC";
  if (by_time)
    sql += std::string(" ORDER BY m.created_at") + dir + ", m.id" + dir;
  else
    sql += " ORDER BY " + key + dir;
  sql += " LIMIT ?";
  bind(q.limit);

  return read([&](Db& db) {
    auto s = db.prepare(sql);
    int i = 1;
    for (auto& b : binders) b(s, i++);
    std::vector<MessageRow> out;
    while (s.step()) out.push_back(read_message_row(s));
    if (q.after_seq && !q.before_seq) std::reverse(out.begin(), out.end());
    return out;
  });
}

std::optional<MessageRow> SqliteStorage::get_message(StoreId store, const std::string& id) {
  return read([&](Db& db) -> std::optional<MessageRow> {
    auto s = db.prepare(std::string(kRowColumns) + "WHERE m.public_id = ? AND m.store_id = ?");
    s.bind_all(id, store);
    if (!s.step()) return std::nullopt;
    return read_message_row(s);
  });
}

MessageContent SqliteStorage::get_content(StoreId store, std::int64_t seq) {
  return read([&](Db& db) {
    MessageContent c;
    auto s = db.prepare(
        "SELECT c.cc_json, c.reply_to, c.headers, c.html, c.text, c.sms, c.expired, "
        "c.html_before_tracking FROM message_content c JOIN messages m ON m.id = c.message_id "
        "WHERE c.message_id = ? AND m.store_id = ?");
    s.bind_all(seq, store);
    if (!s.step()) {
      c.expired = true;
      return c;
    }
    c.cc = json::parse(s.text(0)).get<std::vector<std::string>>();
    c.reply_to = s.text(1);
    c.headers = s.text(2);
    c.html = s.text(3);
    c.text = s.text(4);
    c.sms = s.text(5);
    c.expired = s.i32(6) != 0;
    c.html_before_tracking = s.text(7);
    return c;
  });
}

std::vector<TimelineEvent> SqliteStorage::get_timeline(StoreId store, std::int64_t seq) {
  return read([&](Db& db) {
    std::vector<TimelineEvent> out;
    {
      // Every message starts queued at its creation; that step is not stored as a row.
      auto s = db.prepare("SELECT created_at, node FROM messages WHERE id = ? AND store_id = ?");
      s.bind_all(seq, store);
      if (!s.step()) return out;
      TimelineEvent queued;
      queued.at = s.i64(0);
      queued.type = "queued";
      queued.description = "Accepted and queued for sending";
      queued.node = s.text(1);
      out.push_back(std::move(queued));
    }
    auto s = db.prepare(
        "SELECT e.at, e.type, e.status, e.smtp_code, e.enhanced_code, e.reason, e.description, "
        "e.detail, e.node FROM message_events e JOIN messages m ON m.id = e.message_id "
        "WHERE e.message_id = ? AND m.store_id = ? ORDER BY e.id");
    s.bind_all(seq, store);
    while (s.step()) {
      TimelineEvent t;
      t.at = s.i64(0);
      t.type = s.text(1);
      t.status = domain::parse_status(s.text(2)).value_or(domain::MessageStatus::queued);
      t.smtp_code = s.i32(3);
      t.enhanced_code = s.text(4);
      t.reason = s.text(5);
      t.description = s.text(6);
      t.detail = s.text(7);
      t.node = s.text(8);
      out.push_back(std::move(t));
    }
    return out;
  });
}

MessageRow read_message_row(Stmt& s) {
  MessageRow r;
  r.seq = s.i64(0);
  r.id = s.text(1);
  r.channel = domain::parse_channel(s.text(2)).value_or(domain::Channel::email);
  r.type = s.text(3);
  r.event_id = s.text(4);
  r.order_id = s.text(5);
  r.customer_id = s.text(6);
  r.cart_id = s.text(7);
  r.from = s.text(8);
  r.to = json::parse(s.text(9)).get<std::vector<std::string>>();
  r.subject = s.text(10);
  r.status = domain::parse_status(s.text(11)).value_or(domain::MessageStatus::queued);
  r.fail_count = s.i32(12);
  r.created_at = s.i64(13);
  r.updated_at = s.i64(14);
  r.campaign_id = s.i64(15);
  r.status_change_id = s.i64(16);
  r.resent_from = s.text(17);
  return r;
}

}  // namespace herald::store::sqlite
