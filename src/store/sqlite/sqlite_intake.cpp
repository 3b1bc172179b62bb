// Intake: an event is stored with its messages and its decided order update, all or nothing.
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "store/sqlite/sqlite_figures.h"
#include "store/sqlite/sqlite_orders_internal.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

namespace {
using nlohmann::json;

json skipped_to_json(const std::vector<Skipped>& skipped) {
  json out = json::array();
  for (const auto& s : skipped)
    out.push_back(
        {{"channel", domain::to_string(s.channel)}, {"reason", s.reason}, {"detail", s.detail}});
  return out;
}

std::vector<Skipped> skipped_from_json(const std::string& text) {
  std::vector<Skipped> out;
  for (const auto& j : json::parse(text)) {
    Skipped s;
    s.channel = domain::parse_channel(j.value("channel", "email")).value_or(domain::Channel::email);
    s.reason = j.value("reason", "");
    s.detail = j.value("detail", "");
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

// Returns the message's status as decided by intake.
domain::MessageStatus insert_message(Db& db, const NewEvent& e, const NewMessage& m, TimeMs now,
                                     const std::string& node) {
  std::vector<std::string> recipients = m.to;
  recipients.insert(recipients.end(), m.cc.begin(), m.cc.end());
  db.prepare(
        "INSERT INTO messages (public_id, store_id, channel, type, event_id, order_id, "
        "customer_id, cart_id, from_addr, to_json, subject, status, fail_count, "
        "recipient_count, created_at, updated_at, template, campaign_id, status_change_id, "
        "resent_from, node) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind_all(m.public_id, e.store_id, domain::to_string(m.channel), m.type, m.event_id,
                m.order_id, m.customer_id, m.cart_id, m.from, json(m.to).dump(), m.subject,
                domain::to_string(m.status), static_cast<std::int64_t>(m.held.size()),
                static_cast<std::int64_t>(recipients.size()), now, now, m.template_key,
                m.campaign_id, m.status_change_id, m.resent_from, node)
      .run();
  const std::int64_t seq = db.last_insert_id();
  write_figures(db, m.figures);
  db.prepare(
        "INSERT INTO message_content (message_id, cc_json, reply_to, html, text, sms) "
        "VALUES (?,?,?,?,?,?)")
      .bind_all(seq, json(m.cc).dump(), m.reply_to, m.html, m.text, m.sms)
      .run();
  for (const auto& address : m.search_addresses)
    db.prepare(
          "INSERT OR IGNORE INTO message_recipients (store_id, address, message_id) "
          "VALUES (?,?,?)")
        .bind_all(e.store_id, address, seq)
        .run();
  if (!m.subject.empty())
    db.prepare("INSERT INTO message_subjects (rowid, subject) VALUES (?,?)")
        .bind_all(seq, m.subject)
        .run();
  std::vector<bool> held(recipients.size(), false);
  for (const auto& h : m.held) {
    if (h.index < held.size()) held[h.index] = true;
    add_timeline(db, seq, h.entry, node);
  }
  if (m.status != domain::MessageStatus::queued) return m.status;
  std::vector<std::string> pending;
  for (size_t i = 0; i < recipients.size(); ++i)
    if (!held[i]) pending.push_back(recipients[i]);
  db.prepare(
        "INSERT INTO queue (message_id, channel, due_at, attempts, leased_until, pending_json) "
        "VALUES (?,?,?,0,0,?)")
      .bind_all(seq, domain::to_string(m.channel), now, json(pending).dump())
      .run();
  return domain::MessageStatus::queued;
}

EventAcceptance SqliteStorage::load_acceptance(Db& db, StoreId store, const std::string& event_id) {
  EventAcceptance out;
  out.event_id = event_id;
  out.duplicate = true;
  {
    auto s = db.prepare("SELECT skipped FROM events WHERE store_id = ? AND event_id = ?");
    s.bind_all(store, event_id);
    if (s.step()) out.skipped = skipped_from_json(s.text(0));
  }
  auto s = db.prepare(
      "SELECT public_id, channel, status FROM messages WHERE store_id = ? AND event_id = ? "
      "ORDER BY id");
  s.bind_all(store, event_id);
  while (s.step()) {
    MessageRef ref;
    ref.id = s.text(0);
    ref.channel = domain::parse_channel(s.text(1)).value_or(domain::Channel::email);
    ref.status = domain::parse_status(s.text(2)).value_or(domain::MessageStatus::queued);
    out.messages.push_back(std::move(ref));
  }
  return out;
}

EventAcceptance SqliteStorage::accept_one(Db& db, const NewEvent& e, TimeMs now) {
  if (e.event_id.empty()) {  // messages not caused by an order event (POST /v1/messages)
    EventAcceptance out;
    for (const auto& m : e.messages)
      out.messages.push_back({m.public_id, m.channel, insert_message(db, e, m, now, node_id_)});
    return out;
  }
  db.prepare(
        "INSERT INTO events (store_id, event_id, type, order_id, occurred_at, received_at, "
        "payload, skipped) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (store_id, event_id) DO NOTHING")
      .bind_all(e.store_id, e.event_id, e.type, e.order_id, e.occurred_at, now, e.payload.dump(),
                skipped_to_json(e.skipped).dump())
      .run();
  if (db.changes() == 0) return load_acceptance(db, e.store_id, e.event_id);
  if (e.order_update && !record_order_update(db, *e.order_update, now)) {
    db.prepare("DELETE FROM events WHERE store_id = ? AND event_id = ?")
        .bind_all(e.store_id, e.event_id)
        .run();
    EventAcceptance moved_on;
    moved_on.event_id = e.event_id;
    moved_on.order_moved_on = true;
    return moved_on;
  }
  EventAcceptance out;
  out.event_id = e.event_id;
  out.skipped = e.skipped;
  for (const auto& m : e.messages)
    out.messages.push_back({m.public_id, m.channel, insert_message(db, e, m, now, node_id_)});
  return out;
}

std::vector<EventAcceptance> SqliteStorage::accept_events(const std::vector<NewEvent>& events,
                                                          TimeMs now) {
  return write([&](Db& db) {
    std::vector<EventAcceptance> out;
    out.reserve(events.size());
    Transaction tx(db);
    for (const auto& e : events) out.push_back(accept_one(db, e, now));
    tx.commit();
    return out;
  });
}

}  // namespace herald::store::sqlite
