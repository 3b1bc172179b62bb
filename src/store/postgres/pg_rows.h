#pragma once
// Rows read (and written) the same way wherever they are used: one column list and one reader
// each, as in the SQLite backend.
#include "domain/dashboard_figures.h"
#include "store/intake_batch.h"
#include "store/postgres/pg_conn.h"
#include "store/records.h"

namespace herald::store::postgres {

// The message columns (alias m) that read_message_row expects first, in this order.
inline constexpr const char* kMessageColumns =
    "m.id, m.public_id, m.channel, m.type, m.event_id, m.order_id, m.customer_id, "
    "m.cart_id, m.from_addr, m.to_json, m.subject, m.status, m.fail_count, m.created_at, "
    "m.updated_at, m.campaign_id, m.status_change_id, m.resent_from";
MessageRow read_message_row(const Result& s, int row);

inline constexpr const char* kTemplateColumns =
    "key, channel, locale, subject, html, text, sms, updated_at";
TemplateRecord read_template(const Result& s, int row);

// `node`: the node recording it.
void add_timeline(Conn& db, std::int64_t seq, const TimelineEntry& e, const std::string& node);
// The dashboard's figures that come with a change, written in its transaction.
void write_figures(Conn& db, const domain::FigureChanges& figures);
// Those of several changes, summed per counter: a statement per table.
void write_figures(Conn& db, const std::vector<const domain::FigureChanges*>& changes);
std::vector<Statement> figure_statements(const std::vector<const domain::FigureChanges*>& changes);
// Stores a message decided by intake (queued unless none of its recipients is left); returns
// its status.
// `node`: the node accepting it.
domain::MessageStatus insert_message(Conn& db, const NewEvent& e, const NewMessage& m, TimeMs now,
                                     const std::string& node);
// Several at once, in this order, in one round trip.
void insert_messages(Conn& db, const std::vector<MessageToStore>& messages, TimeMs now,
                     const std::string& node);
// Their statements: the messages with their content, search addresses, timeline of held
// recipients and queue rows in one; the dashboard's figures after it.
std::vector<Statement> message_statements(const std::vector<MessageToStore>& messages, TimeMs now,
                                          const std::string& node);

}  // namespace herald::store::postgres
