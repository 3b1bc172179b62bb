#pragma once
// Rows read (and timeline lines written) the same way wherever they are used: one column list
// and one reader each.
#include "store/records.h"
#include "store/sqlite/sqlite_db.h"

namespace herald::store::sqlite {

// The message columns (alias m) that read_message_row expects first, in this order.
inline constexpr const char* kMessageColumns =
    "m.id, m.public_id, m.channel, m.type, m.event_id, m.order_id, m.customer_id, "
    "m.cart_id, m.from_addr, m.to_json, m.subject, m.status, m.fail_count, m.created_at, "
    "m.updated_at, m.campaign_id, m.status_change_id, m.resent_from";
inline constexpr int kMessageColumnCount = 18;
MessageRow read_message_row(Stmt& s);

inline constexpr const char* kTemplateColumns =
    "key, channel, locale, subject, html, text, sms, updated_at";
TemplateRecord read_template(Stmt& s);

// `node`: the node recording it.
void add_timeline(Db& db, std::int64_t seq, const TimelineEntry& e, const std::string& node);

}  // namespace herald::store::sqlite
