#include "store/sqlite/sqlite_oms_orders.h"

#include <algorithm>

#include "store/sqlite/sqlite_schema.h"

namespace herald::store::sqlite {

namespace {
constexpr const char* kColumns =
    "id, store_id, order_id, payment, body, fynd_order_id, state, oms_status, last_error, "
    "attempts, next_attempt_at, version, created_at, updated_at";

OmsOrderRow read_row(Stmt& s) {
  OmsOrderRow r;
  r.id = s.i64(0);
  r.store_id = s.i64(1);
  r.order_id = s.text(2);
  r.payment = s.text(3);
  r.body_json = s.text(4);
  r.fynd_order_id = s.text(5);
  r.state = s.text(6);
  r.oms_status = s.text(7);
  r.last_error = s.text(8);
  r.attempts = s.i32(9);
  r.next_attempt_at = s.i64(10);
  r.version = s.i64(11);
  r.created_at = s.i64(12);
  r.updated_at = s.i64(13);
  return r;
}

std::optional<OmsOrderRow> find(Db& db, StoreId store, const std::string& order_id) {
  auto s = db.prepare(std::string("SELECT ") + kColumns +
                      " FROM oms_orders WHERE store_id = ? AND order_id = ?");
  s.bind_all(store, order_id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}
}  // namespace

SqliteOmsOrders::SqliteOmsOrders(const std::string& path) : db_(std::make_unique<Db>(path)) {
  migrate(*db_);
}

OmsOrderInsert SqliteOmsOrders::insert_oms_order(const OmsOrderRow& r) {
  return with_db([&](Db& db) {
    Transaction tx(db);
    db.prepare(
          "INSERT INTO oms_orders (store_id, order_id, payment, body, fynd_order_id, state, "
          "oms_status, last_error, attempts, next_attempt_at, version, created_at, updated_at) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,1,?,?) ON CONFLICT (store_id, order_id) DO NOTHING")
        .bind_all(r.store_id, r.order_id, r.payment, r.body_json, r.fynd_order_id, r.state,
                  r.oms_status, r.last_error, r.attempts, r.next_attempt_at, r.created_at,
                  r.updated_at)
        .run();
    const bool inserted = db.changes() > 0;
    OmsOrderInsert out{*find(db, r.store_id, r.order_id), inserted};
    tx.commit();
    return out;
  });
}

std::optional<OmsOrderRow> SqliteOmsOrders::get_oms_order(StoreId store,
                                                          const std::string& order_id) {
  return with_db([&](Db& db) { return find(db, store, order_id); });
}

std::vector<OmsOrderRow> SqliteOmsOrders::list_oms_orders(StoreId store, const std::string& state,
                                                          int limit,
                                                          std::optional<OmsOrderCursor> after) {
  return with_db([&](Db& db) {
    auto s = db.prepare(std::string("SELECT ") + kColumns +
                        " FROM oms_orders WHERE store_id = ? AND (? = '' OR state = ?) "
                        "AND (? = 0 OR created_at > ? OR (created_at = ? AND id > ?)) "
                        "ORDER BY created_at, id LIMIT ?");
    const TimeMs at = after ? after->created_at : 0;
    s.bind_all(store, state, state, after ? 1 : 0, at, at, after ? after->id : 0,
               static_cast<std::int64_t>(limit));
    std::vector<OmsOrderRow> out;
    while (s.step()) out.push_back(read_row(s));
    return out;
  });
}

std::map<std::string, std::int64_t> SqliteOmsOrders::count_oms_orders(StoreId store) {
  return with_db([&](Db& db) {
    auto s = db.prepare("SELECT state, count(*) FROM oms_orders WHERE store_id = ? GROUP BY state");
    s.bind(1, store);
    std::map<std::string, std::int64_t> out;
    while (s.step()) out[s.text(0)] = s.i64(1);
    return out;
  });
}

std::vector<OmsOrderRow> SqliteOmsOrders::claim_due_oms_orders(const std::string& state, TimeMs now,
                                                               int limit, TimeMs lease_until) {
  return with_db([&](Db& db) {
    Transaction tx(db);
    auto s =
        db.prepare(std::string("UPDATE oms_orders SET next_attempt_at = ?, version = version + 1 "
                               "WHERE id IN (SELECT id FROM oms_orders WHERE state = ? AND "
                               "next_attempt_at > 0 AND next_attempt_at <= ? "
                               "ORDER BY next_attempt_at, id LIMIT ?) RETURNING ") +
                   kColumns);
    s.bind_all(lease_until, state, now, static_cast<std::int64_t>(limit));
    std::vector<OmsOrderRow> out;
    while (s.step()) out.push_back(read_row(s));
    tx.commit();
    std::sort(out.begin(), out.end(),
              [](const OmsOrderRow& a, const OmsOrderRow& b) { return a.id < b.id; });
    return out;
  });
}

bool SqliteOmsOrders::record_oms_order(const OmsOrderRow& r, std::int64_t expected_version) {
  return with_db([&](Db& db) {
    db.prepare(
          "UPDATE oms_orders SET state = ?, fynd_order_id = ?, oms_status = ?, last_error = ?, "
          "attempts = ?, next_attempt_at = ?, updated_at = ?, version = version + 1 "
          "WHERE store_id = ? AND order_id = ? AND version = ?")
        .bind_all(r.state, r.fynd_order_id, r.oms_status, r.last_error, r.attempts,
                  r.next_attempt_at, r.updated_at, r.store_id, r.order_id, expected_version)
        .run();
    return db.changes() > 0;
  });
}

}  // namespace herald::store::sqlite
