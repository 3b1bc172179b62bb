// Order statuses (definitions, mapping), order snapshots and the status history: stored as
// the order-status service decided them.
#include <algorithm>
#include <limits>

#include "common/error.h"
#include "store/sqlite/sqlite_orders_internal.h"
#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

namespace {
constexpr const char* kStatusColumns =
    "SELECT id, name, type, code, include_in_analytics, created_at, updated_at "
    "FROM order_statuses ";

OrderStatusDef read_status(Stmt& s) {
  return {s.i64(0), s.text(1), s.text(2), s.text(3), s.i32(4) != 0, s.i64(5), s.i64(6)};
}

constexpr const char* kChangeColumns =
    "SELECT id, store_id, order_id, type, from_code, to_code, at, received_at, current, source, "
    "event_id, context FROM status_changes ";

// A row of `SELECT order_id, snapshot, created_at, updated_at`.
OrderView read_order(Stmt& s) {
  return {.order_id = s.text(0),
          .snapshot_json = s.text(1),
          .created_at = s.i64(2),
          .updated_at = s.i64(3)};
}

bool is_unique_violation(const Error& e) {
  return e.code() == ErrorCode::conflict;
}

}  // namespace

StatusChange read_status_change(Stmt& s, int first) {
  StatusChange c;
  c.id = s.i64(first);
  c.store_id = s.i64(first + 1);
  c.order_id = s.text(first + 2);
  c.type = s.text(first + 3);
  c.from_code = s.text(first + 4);
  c.to_code = s.text(first + 5);
  c.at = s.i64(first + 6);
  c.received_at = s.i64(first + 7);
  c.current = s.i32(first + 8) != 0;
  c.source = s.text(first + 9);
  c.event_id = s.text(first + 10);
  c.context_json = s.text(first + 11);
  return c;
}

bool write_order(Db& db, const OrderUpdate& u, TimeMs now) {
  if (u.expected_version == 0)
    db.prepare(
          "INSERT INTO orders (store_id, order_id, snapshot, created_at, updated_at, version) "
          "VALUES (?,?,?,?,?,1) ON CONFLICT (store_id, order_id) DO NOTHING")
        .bind_all(u.store_id, u.order_id, u.snapshot_json, now, now)
        .run();
  else
    db.prepare(
          "UPDATE orders SET snapshot = ?, updated_at = ?, version = version + 1 "
          "WHERE store_id = ? AND order_id = ? AND version = ?")
        .bind_all(u.snapshot_json, now, u.store_id, u.order_id, u.expected_version)
        .run();
  return db.changes() > 0;  // none: another writer moved the order on
}

std::int64_t record_change(Db& db, const OrderUpdate& u, TimeMs now) {
  if (!u.change) return 0;
  const auto& c = *u.change;
  db.prepare(
        "INSERT INTO status_changes (store_id, order_id, type, from_code, to_code, at, "
        "received_at, current, source, event_id, context, evaluated) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
      .bind_all(u.store_id, u.order_id, c.type, c.from_code, c.to_code, c.at, now,
                c.current ? 1 : 0, c.source, c.event_id, c.context_json, c.current ? 0 : 1)
      .run();
  const std::int64_t change_id = db.last_insert_id();
  if (c.current)
    db.prepare(
          "INSERT INTO order_status_current (store_id, order_id, type, code, at, change_id) "
          "VALUES (?,?,?,?,?,?) ON CONFLICT (store_id, order_id, type) DO UPDATE SET "
          "code = excluded.code, at = excluded.at, change_id = excluded.change_id")
        .bind_all(u.store_id, u.order_id, c.type, c.to_code, c.at, change_id)
        .run();
  return change_id;
}

std::optional<std::int64_t> record_order_update(Db& db, const OrderUpdate& u, TimeMs now) {
  if (!write_order(db, u, now)) return std::nullopt;
  return record_change(db, u, now);
}

OrderStatusDef SqliteStorage::create_order_status(StoreId store, const OrderStatusDef& d,
                                                  TimeMs now) {
  return write([&](Db& db) {
    try {
      db.prepare(
            "INSERT INTO order_statuses (store_id, name, type, code, include_in_analytics, "
            "created_at, updated_at) VALUES (?,?,?,?,?,?,?)")
          .bind_all(store, d.name, d.type, d.code, d.include_in_analytics ? 1 : 0, now, now)
          .run();
    } catch (const Error& e) {
      if (is_unique_violation(e))
        throw Error(ErrorCode::conflict,
                    "a " + d.type + " status with code '" + d.code + "' already exists", "code");
      throw;
    }
    OrderStatusDef out = d;
    out.id = db.last_insert_id();
    out.created_at = out.updated_at = now;
    return out;
  });
}

std::optional<OrderStatusDef> SqliteStorage::update_order_status(StoreId store,
                                                                 const OrderStatusDef& d,
                                                                 TimeMs now) {
  return write([&](Db& db) -> std::optional<OrderStatusDef> {
    try {
      db.prepare(
            "UPDATE order_statuses SET name = ?, type = ?, code = ?, "
            "include_in_analytics = ?, updated_at = ? WHERE store_id = ? AND id = ?")
          .bind_all(d.name, d.type, d.code, d.include_in_analytics ? 1 : 0, now, store, d.id)
          .run();
    } catch (const Error& e) {
      if (is_unique_violation(e))
        throw Error(ErrorCode::conflict,
                    "a " + d.type + " status with code '" + d.code + "' already exists", "code");
      throw;
    }
    if (db.changes() == 0) return std::nullopt;
    auto s = db.prepare(std::string(kStatusColumns) + "WHERE store_id = ? AND id = ?");
    s.bind_all(store, d.id);
    if (!s.step()) return std::nullopt;
    return read_status(s);
  });
}

bool SqliteStorage::delete_order_status(StoreId store, std::int64_t id) {
  return write([&](Db& db) {
    db.prepare("DELETE FROM order_statuses WHERE store_id = ? AND id = ?")
        .bind_all(store, id)
        .run();
    return db.changes() > 0;
  });
}

std::vector<OrderStatusDef> SqliteStorage::list_order_statuses(StoreId store) {
  return read([&](Db& db) {
    std::vector<OrderStatusDef> out;
    auto s = db.prepare(std::string(kStatusColumns) + "WHERE store_id = ? ORDER BY type, code");
    s.bind_all(store);
    while (s.step()) out.push_back(read_status(s));
    return out;
  });
}

std::vector<domain::StatusMapping> SqliteStorage::status_mapping_overrides(StoreId store) {
  return read([&](Db& db) {
    std::vector<domain::StatusMapping> out;
    auto s = db.prepare(
        "SELECT event_type, status_type, code FROM status_mappings "
        "WHERE store_id = ? ORDER BY event_type");
    s.bind_all(store);
    while (s.step()) out.push_back({s.text(0), s.text(1), s.text(2)});
    return out;
  });
}

void SqliteStorage::put_status_mapping(StoreId store, const std::vector<domain::StatusMapping>& m) {
  write([&](Db& db) {
    Transaction tx(db);
    for (const auto& e : m)
      db.prepare(
            "INSERT INTO status_mappings (store_id, event_type, status_type, code) "
            "VALUES (?,?,?,?) ON CONFLICT (store_id, event_type) DO UPDATE SET "
            "status_type = excluded.status_type, code = excluded.code")
          .bind_all(store, e.event_type, e.status_type, e.code)
          .run();
    tx.commit();
  });
}

std::optional<std::int64_t> SqliteStorage::record_status_change(const OrderUpdate& u, TimeMs now) {
  return write([&](Db& db) {
    Transaction tx(db);
    auto out = record_order_update(db, u, now);
    if (out) tx.commit();
    return out;
  });
}

std::vector<OrderState> SqliteStorage::order_states(const std::vector<OrderKey>& keys) {
  return read([&](Db& db) {
    std::vector<OrderState> out;
    out.reserve(keys.size());
    for (const auto& k : keys) {
      OrderState state;
      {
        auto s =
            db.prepare("SELECT snapshot, version FROM orders WHERE store_id = ? AND order_id = ?");
        s.bind_all(k.store_id, k.order_id);
        if (s.step()) {
          state.exists = true;
          state.snapshot_json = s.text(0);
          state.version = s.i64(1);
        }
      }
      if (state.exists) {
        auto s = db.prepare(
            "SELECT type, code, at FROM order_status_current WHERE store_id = ? AND order_id = ?");
        s.bind_all(k.store_id, k.order_id);
        while (s.step()) state.current.push_back({s.text(0), s.text(1), s.i64(2)});
      }
      out.push_back(std::move(state));
    }
    return out;
  });
}

std::optional<CurrentOrderStatus> SqliteStorage::status_at(StoreId store,
                                                           const std::string& order_id,
                                                           const std::string& type, TimeMs at) {
  return read([&](Db& db) -> std::optional<CurrentOrderStatus> {
    auto s = db.prepare(
        "SELECT to_code, at FROM status_changes WHERE store_id = ? AND order_id = ? AND type = ? "
        "AND at <= ? ORDER BY at DESC, id DESC LIMIT 1");
    s.bind_all(store, order_id, type, at);
    if (!s.step()) return std::nullopt;
    return CurrentOrderStatus{type, s.text(0), s.i64(1)};
  });
}

std::optional<OrderView> SqliteStorage::get_order(StoreId store, const std::string& order_id) {
  return read([&](Db& db) -> std::optional<OrderView> {
    OrderView v;
    v.order_id = order_id;
    {
      auto s = db.prepare(
          "SELECT snapshot, created_at, updated_at FROM orders "
          "WHERE store_id = ? AND order_id = ?");
      s.bind_all(store, order_id);
      if (!s.step()) return std::nullopt;
      v.snapshot_json = s.text(0);
      v.created_at = s.i64(1);
      v.updated_at = s.i64(2);
    }
    // Without the hint SQLite walks the store's whole history by time to skip a sort of a
    // handful of rows (seen: 0.9 s at a million messages).
    auto s = db.prepare(std::string(kChangeColumns) +
                        "INDEXED BY status_changes_by_order "
                        "WHERE store_id = ? AND order_id = ? ORDER BY at, id");
    s.bind_all(store, order_id);
    while (s.step()) v.history.push_back(read_status_change(s));
    return v;
  });
}

std::vector<OrderView> SqliteStorage::recent_orders(StoreId store, int limit) {
  return read([&](Db& db) {
    std::vector<OrderView> out;
    auto s = db.prepare(
        "SELECT order_id, snapshot, created_at, updated_at FROM orders "
        "WHERE store_id = ? ORDER BY updated_at DESC, order_id DESC LIMIT ?");
    s.bind_all(store, limit);
    while (s.step()) out.push_back(read_order(s));
    return out;
  });
}

std::vector<OrderView> SqliteStorage::list_orders(StoreId store, const OrderListQuery& q) {
  return read([&](Db& db) {
    // Newer pages are read oldest first from the cursor, then turned round.
    const bool newer = !q.before && q.after;
    // No cursor: the first page, before every order.
    const OrderCursor cursor = q.before  ? *q.before
                               : q.after ? *q.after
                                         : OrderCursor{std::numeric_limits<TimeMs>::max(), ""};
    std::string sql =
        "SELECT order_id, snapshot, created_at, updated_at FROM orders WHERE store_id = ?1";
    if (!q.search.empty()) sql += " AND (order_id = ?2 OR number = ?2)";
    sql += " AND (created_at, order_id)";
    sql += newer ? " > (?3, ?4) ORDER BY created_at, order_id LIMIT ?5"
                 : " < (?3, ?4) ORDER BY created_at DESC, order_id DESC LIMIT ?5";
    auto s = db.prepare(sql);
    s.bind_all(store, q.search, cursor.created_at, cursor.order_id, q.limit);
    std::vector<OrderView> out;
    while (s.step()) out.push_back(read_order(s));
    if (newer) std::reverse(out.begin(), out.end());
    return out;
  });
}

std::vector<StatusChange> SqliteStorage::changes_for_report(StoreId store, TimeMs since,
                                                            TimeMs until) {
  return read([&](Db& db) {
    std::vector<StatusChange> out;
    auto s = db.prepare(std::string(kChangeColumns) +
                        "WHERE store_id = ? AND at <= ? AND order_id IN (SELECT order_id FROM "
                        "status_changes WHERE store_id = ? AND at >= ? AND at <= ?) "
                        "ORDER BY order_id, type, at, id");
    s.bind_all(store, until, store, since, until);
    while (s.step()) out.push_back(read_status_change(s));
    return out;
  });
}

}  // namespace herald::store::sqlite
