// Intake: an event is stored with its messages and its decided order update, all or nothing.
// Two nodes that receive the same event id at once meet on the events table's unique key:
// the second insert waits for the first transaction and then finds the row.
#include <nlohmann/json.hpp>

#include "store/postgres/pg_orders_internal.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_storage.h"

namespace herald::store::postgres {

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

std::optional<std::int64_t> record_order_update(Conn& db, const OrderUpdate& u, TimeMs now) {
  const auto written =
      u.expected_version == 0
          ? db.exec(
                "INSERT INTO orders (store_id, order_id, snapshot, created_at, updated_at, "
                "version) VALUES ($1,$2,$3,$4,$5,1) ON CONFLICT (store_id, order_id) DO NOTHING",
                u.store_id, u.order_id, u.snapshot_json, now, now)
          : db.exec(
                "UPDATE orders SET snapshot = $1, updated_at = $2, version = version + 1 "
                "WHERE store_id = $3 AND order_id = $4 AND version = $5",
                u.snapshot_json, now, u.store_id, u.order_id, u.expected_version);
  if (written.affected() == 0) return std::nullopt;  // another writer moved the order on
  if (!u.change) return 0;
  const auto& c = *u.change;
  const std::int64_t change_id =
      db.exec(
            "INSERT INTO status_changes (store_id, order_id, type, from_code, to_code, at, "
            "received_at, current, source, event_id, context, evaluated) "
            "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id",
            u.store_id, u.order_id, c.type, c.from_code, c.to_code, c.at, now, c.current ? 1 : 0,
            c.source, c.event_id, c.context_json, c.current ? 0 : 1)
          .i64(0, 0);
  if (c.current)
    db.exec(
        "INSERT INTO order_status_current (store_id, order_id, type, code, at, change_id) "
        "VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (store_id, order_id, type) DO UPDATE SET "
        "code = excluded.code, at = excluded.at, change_id = excluded.change_id",
        u.store_id, u.order_id, c.type, c.to_code, c.at, change_id);
  return change_id;
}

EventAcceptance PgStorage::load_acceptance(Conn& db, StoreId store, const std::string& event_id) {
  EventAcceptance out;
  out.event_id = event_id;
  out.duplicate = true;
  auto ev =
      db.exec("SELECT skipped FROM events WHERE store_id = $1 AND event_id = $2", store, event_id);
  if (ev.rows() > 0) out.skipped = skipped_from_json(ev.text(0, 0));
  auto s = db.exec(
      "SELECT public_id, channel, status FROM messages WHERE store_id = $1 AND event_id = $2 "
      "ORDER BY id",
      store, event_id);
  for (int r = 0; r < s.rows(); ++r) {
    MessageRef ref;
    ref.id = s.text(r, 0);
    ref.channel = domain::parse_channel(s.text(r, 1)).value_or(domain::Channel::email);
    ref.status = domain::parse_status(s.text(r, 2)).value_or(domain::MessageStatus::queued);
    out.messages.push_back(std::move(ref));
  }
  return out;
}

EventAcceptance PgStorage::accept_one(Conn& db, const NewEvent& e, TimeMs now) {
  if (e.event_id.empty()) {  // messages not caused by an order event (POST /v1/messages)
    EventAcceptance out;
    for (const auto& m : e.messages)
      out.messages.push_back({m.public_id, m.channel, insert_message(db, e, m, now, node_id_)});
    return out;
  }
  const auto inserted = db.exec(
      "INSERT INTO events (store_id, event_id, type, order_id, occurred_at, received_at, "
      "payload, skipped) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) "
      "ON CONFLICT (store_id, event_id) DO NOTHING",
      e.store_id, e.event_id, e.type, e.order_id, e.occurred_at, now, e.payload.dump(),
      skipped_to_json(e.skipped).dump());
  if (inserted.affected() == 0) return load_acceptance(db, e.store_id, e.event_id);
  // An order update that finds the order moved on writes nothing; the event goes again.
  if (e.order_update && !record_order_update(db, *e.order_update, now)) {
    db.exec("DELETE FROM events WHERE store_id = $1 AND event_id = $2", e.store_id, e.event_id);
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

std::vector<EventAcceptance> PgStorage::accept_events(const std::vector<NewEvent>& events,
                                                      TimeMs now) {
  return with([&](Conn& db) {
    std::vector<EventAcceptance> out;
    out.reserve(events.size());
    Transaction tx(db);
    for (const auto& e : events) out.push_back(accept_one(db, e, now));
    tx.commit();
    return out;
  });
}

}  // namespace herald::store::postgres
