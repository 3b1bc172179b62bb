// Intake on SQLite: the steps of store/intake_batch.h, a row at a time, in one transaction.
#include <nlohmann/json.hpp>

#include "common/error.h"
#include "store/intake_batch.h"
#include "store/sqlite/sqlite_figures.h"
#include "store/sqlite/sqlite_orders_internal.h"
#include "store/sqlite/sqlite_rows.h"
#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

using nlohmann::json;

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

namespace {
// The intake steps one row at a time: SQLite runs in process, a statement costs no round trip.
class SqliteIntakeWriter final : public IntakeWriter {
 public:
  SqliteIntakeWriter(Db& db, TimeMs now, const std::string& node)
      : db_(db), now_(now), node_(node) {}

  std::vector<bool> insert_events(const std::vector<const NewEvent*>& events) override {
    std::vector<bool> out;
    for (const auto* e : events) {
      db_.prepare(
             "INSERT INTO events (store_id, event_id, type, order_id, occurred_at, received_at, "
             "payload, skipped) VALUES (?,?,?,?,?,?,?,?) "
             "ON CONFLICT (store_id, event_id) DO NOTHING")
          .bind_all(e->store_id, e->event_id, e->type, e->order_id, e->occurred_at, now_,
                    e->payload.dump(), skipped_to_json(e->skipped))
          .run();
      out.push_back(db_.changes() > 0);
    }
    return out;
  }

  std::vector<EventAcceptance> load_acceptances(
      const std::vector<const NewEvent*>& events) override {
    std::vector<EventAcceptance> out;
    for (const auto* e : events) out.push_back(load_acceptance(e->store_id, e->event_id));
    return out;
  }

  std::vector<bool> write_orders(const std::vector<const OrderUpdate*>& updates) override {
    std::vector<bool> out;
    for (const auto* u : updates) out.push_back(write_order(db_, *u, now_));
    return out;
  }

  void remove_events(const std::vector<const NewEvent*>& events) override {
    for (const auto* e : events)
      db_.prepare("DELETE FROM events WHERE store_id = ? AND event_id = ?")
          .bind_all(e->store_id, e->event_id)
          .run();
  }

  void record_changes(const std::vector<const OrderUpdate*>& updates) override {
    for (const auto* u : updates) record_change(db_, *u, now_);
  }

  void insert_messages(const std::vector<MessageToStore>& messages) override {
    for (const auto& m : messages) insert_message(db_, *m.event, *m.message, now_, node_);
  }

 private:
  EventAcceptance load_acceptance(StoreId store, const std::string& event_id) {
    EventAcceptance out;
    out.event_id = event_id;
    out.duplicate = true;
    {
      auto s = db_.prepare("SELECT skipped FROM events WHERE store_id = ? AND event_id = ?");
      s.bind_all(store, event_id);
      if (s.step()) out.skipped = skipped_from_json(s.text(0));
    }
    auto s = db_.prepare(
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

  Db& db_;
  TimeMs now_;
  const std::string& node_;
};
}  // namespace

std::vector<EventAcceptance> SqliteStorage::accept_events(const std::vector<NewEvent>& events,
                                                          TimeMs now) {
  return write([&](Db& db) {
    Transaction tx(db);
    SqliteIntakeWriter writer(db, now, node_id_);
    auto out = accept_batch(writer, events);
    tx.commit();
    return out;
  });
}

}  // namespace herald::store::sqlite
