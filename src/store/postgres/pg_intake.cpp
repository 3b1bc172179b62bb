// Intake on PostgreSQL: the steps of store/intake_batch.h, each one statement over the whole
// batch (its columns as arrays, unnested), sent together in one round trip when the batch is
// as expected (PgPipelinedWriter), else one round trip a step. Two nodes that receive the same
// event id at once meet on the events table's unique key: the second insert waits for the first
// transaction and then finds the row. Events and orders are written in key order, so two batches
// lock shared rows in the same order.
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

Statement replanned(Statement s) {
  s.replanned = true;
  return s;
}

// The steps' statements; each returns a row per row written, to match with its input.
Statement events_insert(const std::vector<const NewEvent*>& events, TimeMs now) {
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
  return statement(
      "INSERT INTO events (store_id, event_id, type, order_id, occurred_at, received_at, "
      "payload, skipped) SELECT s, e, t, o, at, $8::bigint, p, sk FROM unnest($1::bigint[], "
      "$2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[]) "
      "AS u(s, e, t, o, at, p, sk) ORDER BY s, e "
      "ON CONFLICT (store_id, event_id) DO NOTHING RETURNING store_id, event_id",
      store.str(), id.str(), type.str(), order.str(), occurred.str(), payload.str(), skipped.str(),
      now);
}

// The orders inserted (expected version 0) and those moved on from their expected version: up
// to two statements, with how many rows each is to write.
std::vector<std::pair<Statement, size_t>> order_writes(
    const std::vector<const OrderUpdate*>& updates, TimeMs now) {
  ArrayParam new_store, new_order, new_snapshot, store, order, snapshot, version;
  size_t fresh = 0, moved = 0;
  for (const auto* u : updates) {
    if (u->expected_version == 0) {
      ++fresh;
      new_store.add(u->store_id);
      new_order.add(u->order_id);
      new_snapshot.add(u->snapshot_json);
    } else {
      ++moved;
      store.add(u->store_id);
      order.add(u->order_id);
      snapshot.add(u->snapshot_json);
      version.add(u->expected_version);
    }
  }
  std::vector<std::pair<Statement, size_t>> out;
  if (fresh)
    out.emplace_back(
        statement(
            "INSERT INTO orders (store_id, order_id, snapshot, created_at, updated_at, version) "
            "SELECT s, o, snap, $4::bigint, $4::bigint, 1 FROM unnest($1::bigint[], $2::text[], "
            "$3::text[]) "
            "AS u(s, o, snap) ORDER BY s, o ON CONFLICT (store_id, order_id) DO NOTHING "
            "RETURNING store_id, order_id",
            new_store.str(), new_order.str(), new_snapshot.str(), now),
        fresh);
  if (moved)
    out.emplace_back(
        replanned(statement(
            "UPDATE orders SET snapshot = u.snap, updated_at = $5::bigint, version = "
            "orders.version + 1 "
            "FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS u(s, o, snap, v) "
            "WHERE orders.store_id = u.s AND orders.order_id = u.o AND orders.version = u.v "
            "RETURNING orders.store_id, orders.order_id",
            store.str(), order.str(), snapshot.str(), version.str(), now)),
        moved);
  return out;
}

Statement changes_insert(const std::vector<const OrderUpdate*>& updates, TimeMs now) {
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
  return statement(
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
      source.str(), event.str(), context.str(), now);
}

// Writes a batch step by step, each statement's answer read before the next.
class PgIntakeWriter final : public IntakeWriter {
 public:
  PgIntakeWriter(Conn& db, TimeMs now, const std::string& node) : db_(db), now_(now), node_(node) {}

  std::vector<bool> insert_events(const std::vector<const NewEvent*>& events) override {
    const auto s = events_insert(events, now_);
    auto r = db_.exec_params(s.sql, s.params);
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
    for (const auto& [s, expected] : order_writes(updates, now_)) {
      const auto r = db_.exec_statement(s);
      for (int row = 0; row < r.rows(); ++row) out[at.at({r.i64(row, 0), r.text(row, 1)})] = true;
    }
    return out;
  }

  void remove_events(const std::vector<const NewEvent*>& events) override {
    ArrayParam store, id;
    for (const auto* e : events) {
      store.add(e->store_id);
      id.add(e->event_id);
    }
    db_.exec_replanned(
        "DELETE FROM events e USING unnest($1::bigint[], $2::text[]) AS u(s, id) "
        "WHERE e.store_id = u.s AND e.event_id = u.id",
        store.str(), id.str());
  }

  void record_changes(const std::vector<const OrderUpdate*>& updates) override {
    const auto s = changes_insert(updates, now_);
    db_.exec_params(s.sql, s.params);
  }

  void insert_messages(const std::vector<MessageToStore>& messages) override {
    store::postgres::insert_messages(db_, messages, now_, node_);
  }

 private:
  Conn& db_;
  TimeMs now_;
  const std::string& node_;
};

// Writes a batch on the guess that nearly every batch bears out: every event is new and every
// order is still at the version it was decided on. The statements then need no answer before
// the next, so they go in one round trip, BEGIN first; their answers check the guess before the
// commit. A batch that guessed wrong is rolled back and written step by step.
class PgPipelinedWriter final : public IntakeWriter {
 public:
  PgPipelinedWriter(TimeMs now, const std::string& node) : now_(now), node_(node) {
    statements_.push_back(statement("BEGIN"));
  }

  std::vector<bool> insert_events(const std::vector<const NewEvent*>& events) override {
    expect(events_insert(events, now_), events.size());
    return std::vector<bool>(events.size(), true);
  }
  std::vector<EventAcceptance> load_acceptances(const std::vector<const NewEvent*>&) override {
    throw internal_error("intake: a guessed batch has no stored event to load");
  }
  std::vector<bool> write_orders(const std::vector<const OrderUpdate*>& updates) override {
    for (auto& [s, n] : order_writes(updates, now_)) expect(std::move(s), n);
    return std::vector<bool>(updates.size(), true);
  }
  void remove_events(const std::vector<const NewEvent*>&) override {
    throw internal_error("intake: a guessed batch takes back no event");
  }
  void record_changes(const std::vector<const OrderUpdate*>& updates) override {
    statements_.push_back(changes_insert(updates, now_));
  }
  void insert_messages(const std::vector<MessageToStore>& messages) override {
    for (auto& s : message_statements(messages, now_, node_)) statements_.push_back(std::move(s));
  }

  // Sends the statements; whether the guess held (then the transaction is open to commit).
  bool write(Conn& db) {
    const auto results = db.exec_pipeline(statements_);
    for (const auto& [at, rows] : expected_)
      if (static_cast<size_t>(results[at].rows()) != rows) return false;
    return true;
  }

 private:
  void expect(Statement s, size_t rows) {
    expected_.emplace_back(statements_.size(), rows);
    statements_.push_back(std::move(s));
  }

  TimeMs now_;
  const std::string& node_;
  std::vector<Statement> statements_;
  std::vector<std::pair<size_t, size_t>> expected_;  // statement, rows it must return
};
}  // namespace

std::vector<EventAcceptance> PgStorage::accept_events(const std::vector<NewEvent>& events,
                                                      TimeMs now) {
  return with([&](Conn& db) {
    {
      Transaction tx(db, Transaction::BegunByCaller{});
      PgPipelinedWriter guess(now, node_id_);
      auto out = accept_batch(guess, events);
      if (guess.write(db)) {
        tx.commit();
        return out;
      }
    }
    Transaction tx(db);
    PgIntakeWriter writer(db, now, node_id_);
    auto out = accept_batch(writer, events);
    tx.commit();
    return out;
  });
}

}  // namespace herald::store::postgres
