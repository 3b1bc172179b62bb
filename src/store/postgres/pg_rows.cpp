#include "store/postgres/pg_rows.h"

#include <nlohmann/json.hpp>

namespace herald::store::postgres {

using nlohmann::json;

MessageRow read_message_row(const Result& s, int r) {
  MessageRow m;
  m.seq = s.i64(r, 0);
  m.id = s.text(r, 1);
  m.channel = domain::parse_channel(s.text(r, 2)).value_or(domain::Channel::email);
  m.type = s.text(r, 3);
  m.event_id = s.text(r, 4);
  m.order_id = s.text(r, 5);
  m.customer_id = s.text(r, 6);
  m.cart_id = s.text(r, 7);
  m.from = s.text(r, 8);
  m.to = json::parse(s.text(r, 9)).get<std::vector<std::string>>();
  m.subject = s.text(r, 10);
  m.status = domain::parse_status(s.text(r, 11)).value_or(domain::MessageStatus::queued);
  m.fail_count = s.i32(r, 12);
  m.created_at = s.i64(r, 13);
  m.updated_at = s.i64(r, 14);
  m.campaign_id = s.i64(r, 15);
  m.status_change_id = s.i64(r, 16);
  m.resent_from = s.text(r, 17);
  return m;
}

TemplateRecord read_template(const Result& s, int r) {
  TemplateRecord t;
  t.key = s.text(r, 0);
  t.channel = domain::parse_channel(s.text(r, 1)).value_or(domain::Channel::email);
  t.locale = s.text(r, 2);
  t.subject = s.text(r, 3);
  t.html = s.text(r, 4);
  t.text = s.text(r, 5);
  t.sms = s.text(r, 6);
  t.updated_at = s.i64(r, 7);
  return t;
}

void add_timeline(Conn& db, std::int64_t seq, const TimelineEntry& e, const std::string& node) {
  db.exec(
      "INSERT INTO message_events (message_id, at, type, status, smtp_code, enhanced_code, "
      "reason, description, detail, recipient, node) "
      "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
      seq, e.at, e.type, domain::to_string(e.status), e.smtp_code, e.enhanced_code, e.reason,
      e.description, e.detail, e.recipient, node);
}

void write_figures(Conn& db, const domain::FigureChanges& figures) {
  for (const auto& c : figures.increments)
    db.exec(
        "INSERT INTO ui_daily_counts (store_id, day, kind, key, n) VALUES ($1,$2,$3,$4,$5) "
        "ON CONFLICT (store_id, day, kind, key) DO UPDATE SET n = ui_daily_counts.n + excluded.n",
        c.store_id, c.day, c.kind, c.key, c.n);
  for (const auto& f : figures.failures)
    db.exec(
        "INSERT INTO ui_failures (store_id, message_id, recipient, reason, domain, at) "
        "VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (store_id, message_id, recipient) DO NOTHING",
        f.store_id, f.message_seq, f.recipient, f.reason, f.domain, f.at);
}

domain::MessageStatus insert_message(Conn& db, const NewEvent& e, const NewMessage& m, TimeMs now,
                                     const std::string& node) {
  std::vector<std::string> recipients = m.to;
  recipients.insert(recipients.end(), m.cc.begin(), m.cc.end());
  const std::int64_t seq =
      db.exec(
            "INSERT INTO messages (public_id, store_id, channel, type, event_id, order_id, "
            "customer_id, cart_id, from_addr, to_json, subject, status, fail_count, "
            "recipient_count, created_at, updated_at, template, campaign_id, status_change_id, "
            "resent_from, node) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,"
            "$17,$18,$19,$20,$21) RETURNING id",
            m.public_id, e.store_id, domain::to_string(m.channel), m.type, m.event_id, m.order_id,
            m.customer_id, m.cart_id, m.from, json(m.to).dump(), m.subject,
            domain::to_string(m.status), m.held.size(), recipients.size(), now, now, m.template_key,
            m.campaign_id, m.status_change_id, m.resent_from, node)
          .i64(0, 0);
  write_figures(db, m.figures);
  db.exec(
      "INSERT INTO message_content (message_id, cc_json, reply_to, html, text, sms) "
      "VALUES ($1,$2,$3,$4,$5,$6)",
      seq, json(m.cc).dump(), m.reply_to, m.html, m.text, m.sms);
  for (const auto& address : m.search_addresses)
    db.exec(
        "INSERT INTO message_recipients (store_id, address, message_id) VALUES ($1,$2,$3) "
        "ON CONFLICT DO NOTHING",
        e.store_id, address, seq);
  std::vector<bool> held(recipients.size(), false);
  for (const auto& h : m.held) {
    if (h.index < held.size()) held[h.index] = true;
    add_timeline(db, seq, h.entry, node);
  }
  if (m.status != domain::MessageStatus::queued) return m.status;
  std::vector<std::string> pending;
  for (size_t i = 0; i < recipients.size(); ++i)
    if (!held[i]) pending.push_back(recipients[i]);
  db.exec(
      "INSERT INTO queue (message_id, channel, due_at, attempts, leased_until, pending_json) "
      "VALUES ($1,$2,$3,0,0,$4)",
      seq, domain::to_string(m.channel), now, json(pending).dump());
  return domain::MessageStatus::queued;
}

}  // namespace herald::store::postgres
