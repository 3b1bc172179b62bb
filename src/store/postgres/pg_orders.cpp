// Order statuses (definitions, mapping), order snapshots and the status history: stored as
// the order-status service decided them.
#include <algorithm>
#include <limits>

#include "common/error.h"
#include "store/postgres/pg_array.h"
#include "store/postgres/pg_orders_internal.h"
#include "store/postgres/pg_storage.h"

namespace herald::store::postgres {

namespace {
constexpr const char* kStatusColumns =
    "SELECT id, name, type, code, include_in_analytics, created_at, updated_at "
    "FROM order_statuses ";

OrderStatusDef read_status(const Result& s, int r) {
  return {s.i64(r, 0),      s.text(r, 1), s.text(r, 2), s.text(r, 3),
          s.i32(r, 4) != 0, s.i64(r, 5),  s.i64(r, 6)};
}

// A row of `SELECT order_id, snapshot, created_at, updated_at`.
OrderView read_order(const Result& s, int r) {
  return {.order_id = s.text(r, 0),
          .snapshot_json = s.text(r, 1),
          .created_at = s.i64(r, 2),
          .updated_at = s.i64(r, 3)};
}

Error duplicate_status(const OrderStatusDef& d) {
  return Error(ErrorCode::conflict,
               "a " + d.type + " status with code '" + d.code + "' already exists", "code");
}
}  // namespace

StatusChange read_status_change(const Result& s, int r, int first) {
  StatusChange c;
  c.id = s.i64(r, first);
  c.store_id = s.i64(r, first + 1);
  c.order_id = s.text(r, first + 2);
  c.type = s.text(r, first + 3);
  c.from_code = s.text(r, first + 4);
  c.to_code = s.text(r, first + 5);
  c.at = s.i64(r, first + 6);
  c.received_at = s.i64(r, first + 7);
  c.current = s.i32(r, first + 8) != 0;
  c.source = s.text(r, first + 9);
  c.event_id = s.text(r, first + 10);
  c.context_json = s.text(r, first + 11);
  return c;
}

OrderStatusDef PgStorage::create_order_status(StoreId store, const OrderStatusDef& d, TimeMs now) {
  try {
    return with([&](Conn& db) {
      OrderStatusDef out = d;
      out.id = db.exec(
                     "INSERT INTO order_statuses (store_id, name, type, code, "
                     "include_in_analytics, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7) "
                     "RETURNING id",
                     store, d.name, d.type, d.code, d.include_in_analytics ? 1 : 0, now, now)
                   .i64(0, 0);
      out.created_at = out.updated_at = now;
      return out;
    });
  } catch (const Error& e) {
    if (e.code() == ErrorCode::conflict) throw duplicate_status(d);
    throw;
  }
}

std::optional<OrderStatusDef> PgStorage::update_order_status(StoreId store, const OrderStatusDef& d,
                                                             TimeMs now) {
  try {
    return with([&](Conn& db) -> std::optional<OrderStatusDef> {
      auto s = db.exec(
          "UPDATE order_statuses SET name = $1, type = $2, code = $3, include_in_analytics = $4, "
          "updated_at = $5 WHERE store_id = $6 AND id = $7 "
          "RETURNING id, name, type, code, include_in_analytics, created_at, updated_at",
          d.name, d.type, d.code, d.include_in_analytics ? 1 : 0, now, store, d.id);
      if (s.rows() == 0) return std::nullopt;
      return read_status(s, 0);
    });
  } catch (const Error& e) {
    if (e.code() == ErrorCode::conflict) throw duplicate_status(d);
    throw;
  }
}

bool PgStorage::delete_order_status(StoreId store, std::int64_t id) {
  return with([&](Conn& db) {
    return db.exec("DELETE FROM order_statuses WHERE store_id = $1 AND id = $2", store, id)
               .affected() > 0;
  });
}

std::vector<OrderStatusDef> PgStorage::list_order_statuses(StoreId store) {
  return with([&](Conn& db) {
    std::vector<OrderStatusDef> out;
    auto s = db.exec(std::string(kStatusColumns) +
                         "WHERE store_id = $1 ORDER BY type COLLATE \"C\", code COLLATE \"C\"",
                     store);
    for (int r = 0; r < s.rows(); ++r) out.push_back(read_status(s, r));
    return out;
  });
}

std::vector<domain::StatusMapping> PgStorage::status_mapping_overrides(StoreId store) {
  return with([&](Conn& db) {
    std::vector<domain::StatusMapping> out;
    auto s = db.exec(
        "SELECT event_type, status_type, code FROM status_mappings WHERE store_id = $1 "
        "ORDER BY event_type COLLATE \"C\"",
        store);
    for (int r = 0; r < s.rows(); ++r) out.push_back({s.text(r, 0), s.text(r, 1), s.text(r, 2)});
    return out;
  });
}

void PgStorage::put_status_mapping(StoreId store, const std::vector<domain::StatusMapping>& m) {
  with([&](Conn& db) {
    Transaction tx(db);
    for (const auto& e : m)
      db.exec(
          "INSERT INTO status_mappings (store_id, event_type, status_type, code) "
          "VALUES ($1,$2,$3,$4) ON CONFLICT (store_id, event_type) DO UPDATE SET "
          "status_type = excluded.status_type, code = excluded.code",
          store, e.event_type, e.status_type, e.code);
    tx.commit();
  });
}

std::optional<std::int64_t> PgStorage::record_status_change(const OrderUpdate& u, TimeMs now) {
  return with([&](Conn& db) {
    Transaction tx(db);
    auto out = record_order_update(db, u, now);
    if (out) tx.commit();
    return out;
  });
}

// One statement for all the keys (a group commit's orders), not a round trip per order.
std::vector<OrderState> PgStorage::order_states(const std::vector<OrderKey>& keys) {
  return with([&](Conn& db) {
    std::vector<OrderState> out(keys.size());
    ArrayParam store, order;
    for (const auto& k : keys) {
      store.add(k.store_id);
      order.add(k.order_id);
    }
    auto s = db.exec_replanned(
        "SELECT u.n, o.snapshot, o.version, c.type, c.code, c.at FROM unnest($1::bigint[], "
        "$2::text[]) WITH ORDINALITY AS u(s, id, n) JOIN orders o ON o.store_id = u.s AND "
        "o.order_id = u.id LEFT JOIN order_status_current c ON c.store_id = o.store_id AND "
        "c.order_id = o.order_id ORDER BY u.n, c.type COLLATE \"C\"",
        store.str(), order.str());
    for (int r = 0; r < s.rows(); ++r) {
      auto& state = out.at(static_cast<size_t>(s.i64(r, 0) - 1));
      state.exists = true;
      state.snapshot_json = s.text(r, 1);
      state.version = s.i64(r, 2);
      if (!s.is_null(r, 3)) state.current.push_back({s.text(r, 3), s.text(r, 4), s.i64(r, 5)});
    }
    return out;
  });
}

std::optional<CurrentOrderStatus> PgStorage::status_at(StoreId store, const std::string& order_id,
                                                       const std::string& type, TimeMs at) {
  return with([&](Conn& db) -> std::optional<CurrentOrderStatus> {
    auto s = db.exec(
        "SELECT to_code, at FROM status_changes WHERE store_id = $1 AND order_id = $2 AND "
        "type = $3 AND at <= $4 ORDER BY at DESC, id DESC LIMIT 1",
        store, order_id, type, at);
    if (s.rows() == 0) return std::nullopt;
    return CurrentOrderStatus{type, s.text(0, 0), s.i64(0, 1)};
  });
}

std::optional<OrderView> PgStorage::get_order(StoreId store, const std::string& order_id) {
  return with([&](Conn& db) -> std::optional<OrderView> {
    OrderView v;
    v.order_id = order_id;
    auto o = db.exec(
        "SELECT snapshot, created_at, updated_at FROM orders WHERE store_id = $1 AND "
        "order_id = $2",
        store, order_id);
    if (o.rows() == 0) return std::nullopt;
    v.snapshot_json = o.text(0, 0);
    v.created_at = o.i64(0, 1);
    v.updated_at = o.i64(0, 2);
    auto s = db.exec(
        std::string(kChangeColumns) + "WHERE store_id = $1 AND order_id = $2 ORDER BY at, id",
        store, order_id);
    for (int r = 0; r < s.rows(); ++r) v.history.push_back(read_status_change(s, r));
    return v;
  });
}

std::vector<OrderView> PgStorage::recent_orders(StoreId store, int limit) {
  return with([&](Conn& db) {
    std::vector<OrderView> out;
    auto s = db.exec(
        "SELECT order_id, snapshot, created_at, updated_at FROM orders WHERE store_id = $1 "
        "ORDER BY updated_at DESC, order_id COLLATE \"C\" DESC LIMIT $2",
        store, limit);
    for (int r = 0; r < s.rows(); ++r) out.push_back(read_order(s, r));
    return out;
  });
}

std::vector<OrderView> PgStorage::list_orders(StoreId store, const OrderListQuery& q) {
  return with([&](Conn& db) {
    // Newer pages are read oldest first from the cursor, then turned round. Order ids compare
    // in byte order (COLLATE "C"), as on SQLite.
    const bool newer = !q.before && q.after;
    // No cursor: the first page, before every order.
    const OrderCursor cursor = q.before  ? *q.before
                               : q.after ? *q.after
                                         : OrderCursor{std::numeric_limits<TimeMs>::max(), ""};
    std::vector<Param> params{to_param(store)};
    std::string sql =
        "SELECT order_id, snapshot, created_at, updated_at FROM orders WHERE store_id = $1";
    if (!q.search.empty()) {
      params.push_back(to_param(q.search));
      sql += " AND (order_id = $2 OR number = $2)";
    }
    params.push_back(to_param(cursor.created_at));
    params.push_back(to_param(cursor.order_id));
    params.push_back(to_param(q.limit));
    const auto n = params.size();
    const auto at = "$" + std::to_string(n - 2) + "::bigint", id = "$" + std::to_string(n - 1),
               limit = " LIMIT $" + std::to_string(n);
    sql += " AND (created_at, order_id COLLATE \"C\")";
    sql += newer ? " > (" + at + ", " + id + ") ORDER BY created_at, order_id COLLATE \"C\"" + limit
                 : " < (" + at + ", " + id +
                       ") ORDER BY created_at DESC, order_id COLLATE \"C\" DESC" + limit;
    auto s = db.exec_params(sql, params);
    std::vector<OrderView> out;
    for (int r = 0; r < s.rows(); ++r) out.push_back(read_order(s, r));
    if (newer) std::reverse(out.begin(), out.end());
    return out;
  });
}

std::vector<StatusChange> PgStorage::changes_for_report(StoreId store, TimeMs since, TimeMs until) {
  return with([&](Conn& db) {
    std::vector<StatusChange> out;
    auto s = db.exec(std::string(kChangeColumns) +
                         "WHERE store_id = $1 AND at <= $2 AND order_id IN (SELECT order_id FROM "
                         "status_changes WHERE store_id = $1 AND at >= $3 AND at <= $2) "
                         "ORDER BY order_id COLLATE \"C\", type COLLATE \"C\", at, id",
                     store, until, since);
    for (int r = 0; r < s.rows(); ++r) out.push_back(read_status_change(s, r));
    return out;
  });
}

}  // namespace herald::store::postgres
