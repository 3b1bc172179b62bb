// The message log: filtered, keyset-paginated reads, with the same meaning as on SQLite.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "store/log_search_terms.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_storage.h"

namespace herald::store::postgres {

namespace {
using nlohmann::json;

// The subject words joined by spaces; the database folds and splits them the way it indexed the
// subjects (herald_subject_query).
std::string subject_words(const std::string& text) {
  std::string out;
  for (const auto& w : subject_search_words(text)) out += (out.empty() ? "" : " ") + w;
  return out;
}
}  // namespace

std::vector<MessageRow> PgStorage::find_messages(StoreId store, const MessageQuery& q) {
  const bool by_time = q.since || q.until;
  std::vector<Param> params;
  auto arg = [&](Param p) {
    params.push_back(std::move(p));
    return "$" + std::to_string(params.size());
  };
  std::string sql = std::string("SELECT ") + kMessageColumns +
                    " FROM messages m WHERE m.store_id = " + arg(to_param(store));
  if (!q.address.empty())
    sql += " AND m.id IN (SELECT message_id FROM message_recipients WHERE store_id = " +
           arg(to_param(store)) + " AND address = " + arg(q.address) + ")";
  if (!q.subject.empty()) {
    const std::string words = subject_words(q.subject);
    // No word at all (only punctuation): a substring, ASCII case aside, as SQLite's LIKE.
    if (words.empty())
      sql += " AND m.subject ILIKE '%' || " + arg(q.subject) + " || '%'";
    else
      sql += " AND m.subject_words @@ herald_subject_query(" + arg(words) + ")";
  }
  if (q.channel) sql += " AND m.channel = " + arg(std::string(domain::to_string(*q.channel)));
  if (q.status) sql += " AND m.status = " + arg(std::string(domain::to_string(*q.status)));
  if (is_whole_address(q.from))
    sql += " AND lower(m.from_addr) = lower(" + arg(q.from) + ")";
  else if (!q.from.empty())
    sql += " AND strpos(lower(m.from_addr), lower(" + arg(q.from) + ")) > 0";
  if (!q.type.empty()) sql += " AND m.type = " + arg(q.type);
  if (!q.event_id.empty()) sql += " AND m.event_id <> '' AND m.event_id = " + arg(q.event_id);
  if (!q.order_id.empty()) sql += " AND m.order_id <> '' AND m.order_id = " + arg(q.order_id);
  if (!q.customer_id.empty())
    sql += " AND m.customer_id <> '' AND m.customer_id = " + arg(q.customer_id);
  if (!q.cart_id.empty()) sql += " AND m.cart_id <> '' AND m.cart_id = " + arg(q.cart_id);
  if (q.failed_only) sql += " AND m.fail_count > 0";
  if (q.since) sql += " AND m.created_at >= " + arg(to_param(*q.since));
  if (q.until) sql += " AND m.created_at <= " + arg(to_param(*q.until));
  const std::optional<std::int64_t> cursor = q.before_seq ? q.before_seq : q.after_seq;
  const std::string cmp = q.before_seq ? " < " : " > ";
  if (cursor && by_time)
    sql += " AND (m.created_at, m.id)" + cmp +
           "(SELECT created_at, id FROM messages WHERE id = " + arg(to_param(*cursor)) + ")";
  else if (cursor)
    sql += " AND m.id" + cmp + arg(to_param(*cursor));
  const char* dir = q.before_seq || !q.after_seq ? " DESC" : " ASC";
  if (by_time)
    sql += std::string(" ORDER BY m.created_at") + dir + ", m.id" + dir;
  else
    sql += std::string(" ORDER BY m.id") + dir;
  sql += " LIMIT " + arg(to_param(q.limit));

  return with([&](Conn& db) {
    auto s = db.exec_params(sql, params);
    std::vector<MessageRow> out;
    for (int r = 0; r < s.rows(); ++r) out.push_back(read_message_row(s, r));
    if (q.after_seq && !q.before_seq) std::reverse(out.begin(), out.end());
    return out;
  });
}

std::optional<MessageRow> PgStorage::get_message(StoreId store, const std::string& id) {
  return with([&](Conn& db) -> std::optional<MessageRow> {
    auto s = db.exec(std::string("SELECT ") + kMessageColumns +
                         " FROM messages m WHERE m.public_id = $1 AND m.store_id = $2",
                     id, store);
    if (s.rows() == 0) return std::nullopt;
    return read_message_row(s, 0);
  });
}

MessageContent PgStorage::get_content(StoreId store, std::int64_t seq) {
  return with([&](Conn& db) {
    MessageContent c;
    auto s = db.exec(
        "SELECT c.cc_json, c.reply_to, c.headers, c.html, c.text, c.sms, c.expired, "
        "c.html_before_tracking FROM message_content c JOIN messages m ON m.id = c.message_id "
        "WHERE c.message_id = $1 AND m.store_id = $2",
        seq, store);
    if (s.rows() == 0) {
      c.expired = true;
      return c;
    }
    c.cc = json::parse(s.text(0, 0)).get<std::vector<std::string>>();
    c.reply_to = s.text(0, 1);
    c.headers = s.text(0, 2);
    c.html = s.text(0, 3);
    c.text = s.text(0, 4);
    c.sms = s.text(0, 5);
    c.expired = s.i32(0, 6) != 0;
    c.html_before_tracking = s.text(0, 7);
    return c;
  });
}

std::vector<TimelineEvent> PgStorage::get_timeline(StoreId store, std::int64_t seq) {
  return with([&](Conn& db) {
    std::vector<TimelineEvent> out;
    // Every message starts queued at its creation; that step is not stored as a row.
    auto created = db.exec("SELECT created_at, node FROM messages WHERE id = $1 AND store_id = $2",
                           seq, store);
    if (created.rows() == 0) return out;
    TimelineEvent queued;
    queued.at = created.i64(0, 0);
    queued.type = "queued";
    queued.description = "Accepted and queued for sending";
    queued.node = created.text(0, 1);
    out.push_back(std::move(queued));
    auto s = db.exec(
        "SELECT e.at, e.type, e.status, e.smtp_code, e.enhanced_code, e.reason, e.description, "
        "e.detail, e.node FROM message_events e JOIN messages m ON m.id = e.message_id "
        "WHERE e.message_id = $1 AND m.store_id = $2 ORDER BY e.id",
        seq, store);
    for (int r = 0; r < s.rows(); ++r) {
      TimelineEvent t;
      t.at = s.i64(r, 0);
      t.type = s.text(r, 1);
      t.status = domain::parse_status(s.text(r, 2)).value_or(domain::MessageStatus::queued);
      t.smtp_code = s.i32(r, 3);
      t.enhanced_code = s.text(r, 4);
      t.reason = s.text(r, 5);
      t.description = s.text(r, 6);
      t.detail = s.text(r, 7);
      t.node = s.text(r, 8);
      out.push_back(std::move(t));
    }
    return out;
  });
}

}  // namespace herald::store::postgres
