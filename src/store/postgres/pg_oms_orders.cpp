#include "store/postgres/pg_oms_orders.h"

#include <algorithm>

namespace herald::store::postgres {

namespace {
constexpr const char* kColumns =
    "id, store_id, order_id, payment, body, fynd_order_id, state, oms_status, last_error, "
    "attempts, next_attempt_at, version, created_at, updated_at";

OmsOrderRow read_row(const Result& s, int r) {
  OmsOrderRow o;
  o.id = s.i64(r, 0);
  o.store_id = s.i64(r, 1);
  o.order_id = s.text(r, 2);
  o.payment = s.text(r, 3);
  o.body_json = s.text(r, 4);
  o.fynd_order_id = s.text(r, 5);
  o.state = s.text(r, 6);
  o.oms_status = s.text(r, 7);
  o.last_error = s.text(r, 8);
  o.attempts = s.i32(r, 9);
  o.next_attempt_at = s.i64(r, 10);
  o.version = s.i64(r, 11);
  o.created_at = s.i64(r, 12);
  o.updated_at = s.i64(r, 13);
  return o;
}

std::vector<OmsOrderRow> read_rows(const Result& s) {
  std::vector<OmsOrderRow> out;
  for (int r = 0; r < s.rows(); ++r) out.push_back(read_row(s, r));
  return out;
}

std::optional<OmsOrderRow> find(Conn& db, StoreId store, const std::string& order_id) {
  auto s = db.exec(
      std::string("SELECT ") + kColumns + " FROM oms_orders WHERE store_id = $1 AND order_id = $2",
      store, order_id);
  if (s.rows() == 0) return std::nullopt;
  return read_row(s, 0);
}
}  // namespace

OmsOrderInsert PgOmsOrders::insert_oms_order(const OmsOrderRow& r) {
  return pool_->with([&](Conn& db) {
    // Two nodes inserting one order id together: the unique key lets one in, and the other
    // reads the row the first committed.
    auto s = db.exec(
        std::string("INSERT INTO oms_orders (store_id, order_id, payment, body, "
                    "fynd_order_id, state, oms_status, last_error, attempts, next_attempt_at, "
                    "version, created_at, updated_at) "
                    "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,1,$11,$12) "
                    "ON CONFLICT (store_id, order_id) DO NOTHING RETURNING ") +
            kColumns,
        r.store_id, r.order_id, r.payment, r.body_json, r.fynd_order_id, r.state, r.oms_status,
        r.last_error, r.attempts, r.next_attempt_at, r.created_at, r.updated_at);
    if (s.rows() > 0) return OmsOrderInsert{read_row(s, 0), true};
    return OmsOrderInsert{*find(db, r.store_id, r.order_id), false};
  });
}

std::optional<OmsOrderRow> PgOmsOrders::get_oms_order(StoreId store, const std::string& order_id) {
  return pool_->with([&](Conn& db) { return find(db, store, order_id); });
}

std::vector<OmsOrderRow> PgOmsOrders::list_oms_orders(StoreId store, const std::string& state,
                                                      int limit,
                                                      std::optional<OmsOrderCursor> after) {
  return pool_->with([&](Conn& db) {
    const TimeMs at = after ? after->created_at : 0;
    return read_rows(db.exec(std::string("SELECT ") + kColumns +
                                 " FROM oms_orders WHERE store_id = $1 AND ($2 = '' OR state = $2) "
                                 "AND ($3 = 0 OR (created_at, id) > ($4::bigint, $5::bigint)) "
                                 "ORDER BY created_at, id LIMIT $6",
                             store, state, after ? 1 : 0, at, after ? after->id : 0, limit));
  });
}

std::map<std::string, std::int64_t> PgOmsOrders::count_oms_orders(StoreId store) {
  return pool_->with([&](Conn& db) {
    auto s =
        db.exec("SELECT state, count(*) FROM oms_orders WHERE store_id = $1 GROUP BY state", store);
    std::map<std::string, std::int64_t> out;
    for (int r = 0; r < s.rows(); ++r) out[s.text(r, 0)] = s.i64(r, 1);
    return out;
  });
}

std::vector<OmsOrderRow> PgOmsOrders::claim_due_oms_orders(const std::string& state, TimeMs now,
                                                           int limit, TimeMs lease_until) {
  auto out = pool_->with([&](Conn& db) {
    return read_rows(db.exec(
        std::string("UPDATE oms_orders SET next_attempt_at = $1, version = version + 1 "
                    "WHERE id IN (SELECT id FROM oms_orders WHERE state = $2 AND "
                    "next_attempt_at > 0 AND next_attempt_at <= $3 "
                    "ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) RETURNING ") +
            kColumns,
        lease_until, state, now, limit));
  });
  std::sort(out.begin(), out.end(),
            [](const OmsOrderRow& a, const OmsOrderRow& b) { return a.id < b.id; });
  return out;
}

bool PgOmsOrders::record_oms_order(const OmsOrderRow& r, std::int64_t expected_version) {
  return pool_->with([&](Conn& db) {
    return db.exec(
                 "UPDATE oms_orders SET state = $1, fynd_order_id = $2, oms_status = $3, "
                 "last_error = $4, attempts = $5, next_attempt_at = $6, updated_at = $7, "
                 "version = version + 1 WHERE store_id = $8 AND order_id = $9 AND version = $10",
                 r.state, r.fynd_order_id, r.oms_status, r.last_error, r.attempts,
                 r.next_attempt_at, r.updated_at, r.store_id, r.order_id, expected_version)
               .affected() > 0;
  });
}

}  // namespace herald::store::postgres
