#include "store/postgres/pg_rows.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "store/postgres/pg_array.h"

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

std::vector<Statement> figure_statements(const std::vector<const domain::FigureChanges*>& changes) {
  // Summed per row first: one statement may not update a row twice, and rows are locked in key
  // order.
  std::map<std::tuple<std::int64_t, std::int64_t, std::string, std::string>, std::int64_t> sums;
  ArrayParam f_store, f_message, f_recipient, f_reason, f_domain, f_at;
  bool any_failure = false;
  for (const auto* figures : changes) {
    for (const auto& c : figures->increments) sums[{c.store_id, c.day, c.kind, c.key}] += c.n;
    for (const auto& f : figures->failures) {
      any_failure = true;
      f_store.add(f.store_id);
      f_message.add(f.message_seq);
      f_recipient.add(f.recipient);
      f_reason.add(f.reason);
      f_domain.add(f.domain);
      f_at.add(f.at);
    }
  }
  std::vector<Statement> out;
  if (!sums.empty()) {
    ArrayParam store, day, kind, key, n;
    for (const auto& [k, v] : sums) {
      store.add(std::get<0>(k));
      day.add(std::get<1>(k));
      kind.add(std::get<2>(k));
      key.add(std::get<3>(k));
      n.add(v);
    }
    // The shard is the connection's own (claimed when the pool opened it, pg_backend.cpp):
    // transactions on other connections, of this node or another, add to other rows.
    out.push_back(statement(
        "INSERT INTO ui_daily_counts (store_id, day, kind, key, shard, n) SELECT s, d, k, key, "
        "COALESCE(current_setting('herald.shard', true)::int, pg_backend_pid() % 64), n FROM "
        "unnest($1::bigint[], $2::bigint[], $3::text[], "
        "$4::text[], $5::bigint[]) AS u(s, d, k, key, n) ON CONFLICT (store_id, day, kind, key, "
        "shard) DO UPDATE SET n = ui_daily_counts.n + excluded.n",
        store.str(), day.str(), kind.str(), key.str(), n.str()));
  }
  if (any_failure)
    out.push_back(statement(
        "INSERT INTO ui_failures (store_id, message_id, recipient, reason, domain, at) "
        "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], "
        "$6::bigint[]) ON CONFLICT (store_id, message_id, recipient) DO NOTHING",
        f_store.str(), f_message.str(), f_recipient.str(), f_reason.str(), f_domain.str(),
        f_at.str()));
  return out;
}

void write_figures(Conn& db, const std::vector<const domain::FigureChanges*>& changes) {
  for (const auto& s : figure_statements(changes)) db.exec_params(s.sql, s.params);
}

void write_figures(Conn& db, const domain::FigureChanges& figures) {
  write_figures(db, std::vector<const domain::FigureChanges*>{&figures});
}

std::vector<Statement> message_statements(const std::vector<MessageToStore>& messages, TimeMs now,
                                          const std::string& node) {
  ArrayParam public_id, store, channel, type, event, order, customer, cart, from, to, subject,
      status, fail_count, recipient_count, template_key, campaign, change, resent_from;
  ArrayParam c_cc, c_reply_to, c_html, c_text, c_sms;
  ArrayParam r_store, r_address, r_id;
  ArrayParam t_id, t_at, t_type, t_status, t_smtp, t_enhanced, t_reason, t_description, t_detail,
      t_recipient;
  ArrayParam q_id, q_channel, q_pending;
  std::vector<const domain::FigureChanges*> figures;
  for (const auto& [e, m] : messages) {
    public_id.add(m->public_id);
    store.add(e->store_id);
    channel.add(domain::to_string(m->channel));
    type.add(m->type);
    event.add(m->event_id);
    order.add(m->order_id);
    customer.add(m->customer_id);
    cart.add(m->cart_id);
    from.add(m->from);
    to.add(json(m->to).dump());
    subject.add(m->subject);
    status.add(domain::to_string(m->status));
    fail_count.add(m->held.size());
    recipient_count.add(m->to.size() + m->cc.size());
    template_key.add(m->template_key);
    campaign.add(m->campaign_id);
    change.add(m->status_change_id);
    resent_from.add(m->resent_from);
    c_cc.add(json(m->cc).dump());
    c_reply_to.add(m->reply_to);
    c_html.add(m->html);
    c_text.add(m->text);
    c_sms.add(m->sms);
    // Each address once (to and cc may repeat one), so that the insert needs no ON CONFLICT:
    // its speculative insertion costs more than a plain one.
    const auto& addresses = m->search_addresses;
    for (auto it = addresses.begin(); it != addresses.end(); ++it) {
      const auto& address = *it;
      if (std::find(addresses.begin(), it, address) != it) continue;
      r_store.add(e->store_id);
      r_address.add(address);
      r_id.add(m->public_id);
    }
    std::vector<std::string> recipients = m->to;
    recipients.insert(recipients.end(), m->cc.begin(), m->cc.end());
    std::vector<bool> held(recipients.size(), false);
    for (const auto& h : m->held) {
      if (h.index < held.size()) held[h.index] = true;
      t_id.add(m->public_id);
      t_at.add(h.entry.at);
      t_type.add(h.entry.type);
      t_status.add(domain::to_string(h.entry.status));
      t_smtp.add(h.entry.smtp_code);
      t_enhanced.add(h.entry.enhanced_code);
      t_reason.add(h.entry.reason);
      t_description.add(h.entry.description);
      t_detail.add(h.entry.detail);
      t_recipient.add(h.entry.recipient);
    }
    figures.push_back(&m->figures);
    if (m->status != domain::MessageStatus::queued) continue;
    std::vector<std::string> pending;
    for (size_t i = 0; i < recipients.size(); ++i)
      if (!held[i]) pending.push_back(recipients[i]);
    q_id.add(m->public_id);
    q_channel.add(domain::to_string(m->channel));
    q_pending.add(json(pending).dump());
  }
  // One statement for the messages and the rows that refer to them (found by public id), so
  // that it needs no answer before them; ids are taken in batch order.
  std::vector<Statement> out{statement(
      "WITH m AS (INSERT INTO messages (public_id, store_id, channel, type, event_id, order_id, "
      "customer_id, cart_id, from_addr, to_json, subject, status, fail_count, recipient_count, "
      "created_at, updated_at, template, campaign_id, status_change_id, resent_from, node) "
      "SELECT pid, s, ch, t, ev, o, cu, ca, fr, tj, su, st, fc, rc, $19::bigint, $19::bigint, "
      "tp, cp, sc, rf, $20::text FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], "
      "$5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], "
      "$12::text[], $13::int[], $14::int[], $15::text[], $16::bigint[], $17::bigint[], "
      "$18::text[]) WITH ORDINALITY AS u(pid, s, ch, t, ev, o, cu, ca, fr, tj, su, st, fc, rc, "
      "tp, cp, sc, rf, n) ORDER BY n RETURNING id, public_id), "
      "c AS (INSERT INTO message_content (message_id, cc_json, reply_to, html, text, sms) "
      "SELECT m.id, cc, rt, h, tx, sm FROM unnest($1::text[], $21::text[], $22::text[], "
      "$23::text[], $24::text[], $25::text[]) AS u(pid, cc, rt, h, tx, sm) "
      "JOIN m ON m.public_id = u.pid), "
      "r AS (INSERT INTO message_recipients (store_id, address, message_id) "
      "SELECT s, a, m.id FROM unnest($26::bigint[], $27::text[], $28::text[]) AS u(s, a, pid) "
      "JOIN m ON m.public_id = u.pid), "
      "e AS (INSERT INTO message_events (message_id, at, type, status, smtp_code, "
      "enhanced_code, reason, description, detail, recipient, node) "
      "SELECT m.id, at, t, st, sc, ec, r, d, dt, rc, $20::text FROM unnest($29::text[], "
      "$30::bigint[], $31::text[], $32::text[], $33::int[], $34::text[], $35::text[], "
      "$36::text[], $37::text[], $38::text[]) WITH ORDINALITY "
      "AS u(pid, at, t, st, sc, ec, r, d, dt, rc, n) JOIN m ON m.public_id = u.pid ORDER BY n), "
      "q AS (INSERT INTO queue (message_id, channel, due_at, attempts, leased_until, "
      "pending_json) SELECT m.id, ch, $19::bigint, 0, 0, p FROM unnest($39::text[], $40::text[], "
      "$41::text[]) AS u(pid, ch, p) JOIN m ON m.public_id = u.pid) "
      "SELECT count(*) FROM m",
      public_id.str(), store.str(), channel.str(), type.str(), event.str(), order.str(),
      customer.str(), cart.str(), from.str(), to.str(), subject.str(), status.str(),
      fail_count.str(), recipient_count.str(), template_key.str(), campaign.str(), change.str(),
      resent_from.str(), now, node, c_cc.str(), c_reply_to.str(), c_html.str(), c_text.str(),
      c_sms.str(), r_store.str(), r_address.str(), r_id.str(), t_id.str(), t_at.str(), t_type.str(),
      t_status.str(), t_smtp.str(), t_enhanced.str(), t_reason.str(), t_description.str(),
      t_detail.str(), t_recipient.str(), q_id.str(), q_channel.str(), q_pending.str())};
  for (auto& s : figure_statements(figures)) out.push_back(std::move(s));
  return out;
}

void insert_messages(Conn& db, const std::vector<MessageToStore>& messages, TimeMs now,
                     const std::string& node) {
  db.exec_pipeline(message_statements(messages, now, node));
}

domain::MessageStatus insert_message(Conn& db, const NewEvent& e, const NewMessage& m, TimeMs now,
                                     const std::string& node) {
  insert_messages(db, {{&e, &m}}, now, node);
  return m.status;
}

}  // namespace herald::store::postgres
