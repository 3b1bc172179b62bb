// Intake on PostgreSQL: the steps of store/intake_batch.h, each one statement over the whole
// batch (its columns as arrays, unnested), so a batch costs a dozen round trips, not a dozen per
// event. Two nodes that receive the same event id at once meet on the events table's unique key:
// the second insert waits for the first transaction and then finds the row. Events and orders
// are written in key order, so two batches lock shared rows in the same order.
#include <map>
#include <nlohmann/json.hpp>

#include "store/intake_batch.h"
#include "store/postgres/pg_array.h"
#include "store/postgres/pg_orders_internal.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_storage.h"

namespace herald::store::postgres {

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

namespace {
using Key = std::pair<StoreId, std::string>;

// Where each key is in a step's input, to match the rows a statement returns.
template <typename T, typename KeyOf>
std::map<Key, size_t> positions(const std::vector<T>& items, KeyOf key_of) {
  std::map<Key, size_t> out;
  for (size_t i = 0; i < items.size(); ++i) out.emplace(key_of(items[i]), i);
  return out;
}

class PgIntakeWriter final : public IntakeWriter {
 public:
  PgIntakeWriter(Conn& db, TimeMs now, const std::string& node) : db_(db), now_(now), node_(node) {}

  std::vector<bool> insert_events(const std::vector<const NewEvent*>& events) override {
    ArrayParam store, id, type, order, occurred, payload, skipped;
    for (const auto* e : events) {
      store.add(e->store_id);
      id.add(e->event_id);
      type.add(e->type);
      order.add(e->order_id);
      occurred.add(e->occurred_at);
      payload.add(e->payload.dump());
      skipped.add(skipped_to_json(e->skipped));
    }
    auto r = db_.exec(
        "INSERT INTO events (store_id, event_id, type, order_id, occurred_at, received_at, "
        "payload, skipped) SELECT s, e, t, o, at, $8::bigint, p, sk FROM unnest($1::bigint[], "
        "$2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[]) "
        "AS u(s, e, t, o, at, p, sk) ORDER BY s, e "
        "ON CONFLICT (store_id, event_id) DO NOTHING RETURNING store_id, event_id",
        store.str(), id.str(), type.str(), order.str(), occurred.str(), payload.str(),
        skipped.str(), now_);
    const auto at = positions(events, [](const NewEvent* e) {
      return Key{e->store_id, e->event_id};
    });
    std::vector<bool> out(events.size(), false);
    for (int row = 0; row < r.rows(); ++row) out[at.at({r.i64(row, 0), r.text(row, 1)})] = true;
    return out;
  }

  std::vector<EventAcceptance> load_acceptances(
      const std::vector<const NewEvent*>& events) override {
    ArrayParam store, id;
    for (const auto* e : events) {
      store.add(e->store_id);
      id.add(e->event_id);
    }
    const auto at = positions(events, [](const NewEvent* e) {
      return Key{e->store_id, e->event_id};
    });
    std::vector<EventAcceptance> out(events.size());
    for (size_t i = 0; i < events.size(); ++i) {
      out[i].event_id = events[i]->event_id;
      out[i].duplicate = true;
    }
    auto ev = db_.exec_replanned(
        "SELECT e.store_id, e.event_id, e.skipped FROM events e JOIN unnest($1::bigint[], "
        "$2::text[]) AS u(s, id) ON e.store_id = u.s AND e.event_id = u.id",
        store.str(), id.str());
    for (int r = 0; r < ev.rows(); ++r)
      out[at.at({ev.i64(r, 0), ev.text(r, 1)})].skipped = skipped_from_json(ev.text(r, 2));
    auto m = db_.exec_replanned(
        "SELECT m.store_id, m.event_id, m.public_id, m.channel, m.status FROM messages m "
        "JOIN unnest($1::bigint[], $2::text[]) AS u(s, id) ON m.store_id = u.s AND "
        "m.event_id = u.id WHERE m.event_id <> '' ORDER BY m.id",
        store.str(), id.str());
    for (int r = 0; r < m.rows(); ++r) {
      MessageRef ref;
      ref.id = m.text(r, 2);
      ref.channel = domain::parse_channel(m.text(r, 3)).value_or(domain::Channel::email);
      ref.status = domain::parse_status(m.text(r, 4)).value_or(domain::MessageStatus::queued);
      out[at.at({m.i64(r, 0), m.text(r, 1)})].messages.push_back(std::move(ref));
    }
    return out;
  }

  std::vector<bool> write_orders(const std::vector<const OrderUpdate*>& updates) override {
    const auto at = positions(updates, [](const OrderUpdate* u) {
      return Key{u->store_id, u->order_id};
    });
    std::vector<bool> out(updates.size(), false);
    const auto mark = [&](const Result& r) {
      for (int row = 0; row < r.rows(); ++row) out[at.at({r.i64(row, 0), r.text(row, 1)})] = true;
    };
    ArrayParam new_store, new_order, new_snapshot, store, order, snapshot, version;
    bool any_new = false, any_moved = false;
    for (const auto* u : updates) {
      if (u->expected_version == 0) {
        any_new = true;
        new_store.add(u->store_id);
        new_order.add(u->order_id);
        new_snapshot.add(u->snapshot_json);
      } else {
        any_moved = true;
        store.add(u->store_id);
        order.add(u->order_id);
        snapshot.add(u->snapshot_json);
        version.add(u->expected_version);
      }
    }
    if (any_new)
      mark(db_.exec(
          "INSERT INTO orders (store_id, order_id, snapshot, created_at, updated_at, version) "
          "SELECT s, o, snap, $4::bigint, $4::bigint, 1 FROM unnest($1::bigint[], $2::text[], "
          "$3::text[]) "
          "AS u(s, o, snap) ORDER BY s, o ON CONFLICT (store_id, order_id) DO NOTHING "
          "RETURNING store_id, order_id",
          new_store.str(), new_order.str(), new_snapshot.str(), now_));
    if (any_moved)
      mark(db_.exec_replanned(
          "UPDATE orders SET snapshot = u.snap, updated_at = $5::bigint, version = orders.version "
          "+ 1 "
          "FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS u(s, o, snap, v) "
          "WHERE orders.store_id = u.s AND orders.order_id = u.o AND orders.version = u.v "
          "RETURNING orders.store_id, orders.order_id",
          store.str(), order.str(), snapshot.str(), version.str(), now_));
    return out;
  }

  void remove_events(const std::vector<const NewEvent*>& events) override {
    ArrayParam store, id;
    for (const auto* e : events) {
      store.add(e->store_id);
      id.add(e->event_id);
    }
    db_.exec(
        "DELETE FROM events e USING unnest($1::bigint[], $2::text[]) AS u(s, id) "
        "WHERE e.store_id = u.s AND e.event_id = u.id",
        store.str(), id.str());
  }

  void record_changes(const std::vector<const OrderUpdate*>& updates) override {
    ArrayParam store, order, type, from, to, at, current, source, event, context;
    for (const auto* u : updates) {
      const auto& c = *u->change;
      store.add(u->store_id);
      order.add(u->order_id);
      type.add(c.type);
      from.add(c.from_code);
      to.add(c.to_code);
      at.add(c.at);
      current.add(c.current ? 1 : 0);
      source.add(c.source);
      event.add(c.event_id);
      context.add(c.context_json);
    }
    // Ids are taken in batch order; of several current changes of one order's type, the last.
    db_.exec(
        "WITH changed AS (INSERT INTO status_changes (store_id, order_id, type, from_code, "
        "to_code, at, received_at, current, source, event_id, context, evaluated) "
        "SELECT s, o, t, f, tc, at, $11::bigint, cur, src, ev, ctx, 1 - cur FROM "
        "unnest($1::bigint[], "
        "$2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::int[], $8::text[], "
        "$9::text[], $10::text[]) WITH ORDINALITY AS u(s, o, t, f, tc, at, cur, src, ev, ctx, n) "
        "ORDER BY n RETURNING id, store_id, order_id, type, to_code, at, current) "
        "INSERT INTO order_status_current (store_id, order_id, type, code, at, change_id) "
        "SELECT DISTINCT ON (store_id, order_id, type) store_id, order_id, type, to_code, at, id "
        "FROM changed WHERE current = 1 ORDER BY store_id, order_id, type, id DESC "
        "ON CONFLICT (store_id, order_id, type) DO UPDATE SET code = excluded.code, "
        "at = excluded.at, change_id = excluded.change_id",
        store.str(), order.str(), type.str(), from.str(), to.str(), at.str(), current.str(),
        source.str(), event.str(), context.str(), now_);
  }

  void insert_messages(const std::vector<MessageToStore>& messages) override {
    store::postgres::insert_messages(db_, messages, now_, node_);
  }

 private:
  Conn& db_;
  TimeMs now_;
  const std::string& node_;
};
}  // namespace

std::vector<EventAcceptance> PgStorage::accept_events(const std::vector<NewEvent>& events,
                                                      TimeMs now) {
  return with([&](Conn& db) {
    Transaction tx(db);
    PgIntakeWriter writer(db, now, node_id_);
    auto out = accept_batch(writer, events);
    tx.commit();
    return out;
  });
}

}  // namespace herald::store::postgres
