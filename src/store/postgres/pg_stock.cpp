// The storefront's SKUs, the synced stock, the unmapped SKUs and the inventory sync's cursor.
// Lists go as one array parameter each, so a list of any length is one statement.
#include "store/postgres/pg_array.h"
#include "store/postgres/pg_storage.h"

namespace herald::store::postgres {

namespace {
std::string array_of(const std::vector<std::string>& skus) {
  ArrayParam a;
  for (const auto& s : skus) a.add(s);
  return a.str();
}
}  // namespace

void PgStorage::put_catalog_skus(StoreId store, const std::vector<std::string>& skus) {
  with([&](Conn& db) {
    Transaction tx(db);
    db.exec("DELETE FROM catalog_skus WHERE store_id = $1", store);
    db.exec(
        "INSERT INTO catalog_skus (store_id, sku) SELECT $1, s FROM unnest($2::text[]) AS s "
        "ON CONFLICT DO NOTHING",
        store, array_of(skus));
    tx.commit();
  });
}

std::vector<std::string> PgStorage::catalog_skus(StoreId store) {
  return with([&](Conn& db) {
    std::vector<std::string> out;
    auto r = db.exec("SELECT sku FROM catalog_skus WHERE store_id = $1 ORDER BY sku COLLATE \"C\"",
                     store);
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
  });
}

std::vector<std::string> PgStorage::sold_skus(StoreId store, const std::vector<std::string>& skus) {
  return with([&](Conn& db) {
    std::vector<std::string> out;
    auto r = db.exec(
        "SELECT sku FROM catalog_skus WHERE store_id = $1 AND sku = ANY($2::text[]) "
        "ORDER BY sku COLLATE \"C\"",
        store, array_of(skus));
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
  });
}

std::vector<std::string> PgStorage::unsynced_skus(StoreId store) {
  return with([&](Conn& db) {
    std::vector<std::string> out;
    auto r = db.exec(
        "SELECT c.sku FROM catalog_skus c WHERE c.store_id = $1 AND NOT EXISTS (SELECT 1 FROM "
        "stock s WHERE s.store_id = c.store_id AND s.sku = c.sku) ORDER BY c.sku COLLATE \"C\"",
        store);
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.text(i, 0));
    return out;
  });
}

std::vector<StockRow> PgStorage::stock(StoreId store, const std::vector<std::string>& skus) {
  return with([&](Conn& db) {
    std::vector<StockRow> out;
    auto r = db.exec(
        "SELECT sku, quantity, oms_quantity, synced_at FROM stock WHERE store_id = $1 AND "
        "sku = ANY($2::text[]) ORDER BY sku COLLATE \"C\"",
        store, array_of(skus));
    for (int i = 0; i < r.rows(); ++i)
      out.push_back({r.text(i, 0), r.i64(i, 1), r.i64(i, 2), r.i64(i, 3)});
    return out;
  });
}

std::vector<UnmappedSku> PgStorage::unmapped_skus(StoreId store) {
  return with([&](Conn& db) {
    std::vector<UnmappedSku> out;
    auto r = db.exec(
        "SELECT u.sku, u.quantity, u.seen_at FROM unmapped_skus u WHERE u.store_id = $1 AND NOT "
        "EXISTS (SELECT 1 FROM catalog_skus c WHERE c.store_id = u.store_id AND c.sku = u.sku) "
        "ORDER BY u.sku COLLATE \"C\"",
        store);
    for (int i = 0; i < r.rows(); ++i) out.push_back({r.text(i, 0), r.i64(i, 1), r.i64(i, 2)});
    return out;
  });
}

std::optional<StockSyncState> PgStorage::stock_sync_state(StoreId store) {
  return with([&](Conn& db) -> std::optional<StockSyncState> {
    auto r = db.exec("SELECT cursor, synced_at, result FROM stock_sync_state WHERE store_id = $1",
                     store);
    if (r.rows() == 0) return std::nullopt;
    return StockSyncState{r.i64(0, 0), r.i64(0, 1), r.text(0, 2)};
  });
}

void PgStorage::record_stock_sync(const StockSync& sync) {
  with([&](Conn& db) {
    ArrayParam sku, quantity, oms_quantity, synced_at;
    for (const auto& r : sync.stock) {
      sku.add(r.sku);
      quantity.add(r.quantity);
      oms_quantity.add(r.oms_quantity);
      synced_at.add(r.synced_at);
    }
    ArrayParam seen_sku, seen_quantity, seen_at, gone;
    for (const auto& u : sync.unmapped) {
      if (u.quantity <= 0) {
        gone.add(u.sku);
        continue;
      }
      seen_sku.add(u.sku);
      seen_quantity.add(u.quantity);
      seen_at.add(u.seen_at);
    }
    Transaction tx(db);
    db.exec(
        "INSERT INTO stock (store_id, sku, quantity, oms_quantity, synced_at) "
        "SELECT $1, s, q, o, t FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[]) "
        "AS u(s, q, o, t) ON CONFLICT (store_id, sku) DO UPDATE SET quantity = excluded.quantity, "
        "oms_quantity = excluded.oms_quantity, synced_at = excluded.synced_at",
        sync.store_id, sku.str(), quantity.str(), oms_quantity.str(), synced_at.str());
    db.exec(
        "INSERT INTO unmapped_skus (store_id, sku, quantity, seen_at) "
        "SELECT $1, s, q, t FROM unnest($2::text[], $3::bigint[], $4::bigint[]) AS u(s, q, t) "
        "ON CONFLICT (store_id, sku) DO UPDATE SET quantity = excluded.quantity, "
        "seen_at = excluded.seen_at",
        sync.store_id, seen_sku.str(), seen_quantity.str(), seen_at.str());
    db.exec("DELETE FROM unmapped_skus WHERE store_id = $1 AND sku = ANY($2::text[])",
            sync.store_id, gone.str());
    db.exec(
        "INSERT INTO stock_sync_state (store_id, cursor, synced_at, result) VALUES ($1,$2,$3,$4) "
        "ON CONFLICT (store_id) DO UPDATE SET "
        "cursor = greatest(stock_sync_state.cursor, excluded.cursor), "
        "synced_at = excluded.synced_at, result = excluded.result",
        sync.store_id, sync.cursor, sync.now, sync.result_json);
    tx.commit();
  });
}

}  // namespace herald::store::postgres
