// The storefront's SKUs, the synced stock, the unmapped SKUs and the inventory sync's cursor.
#include <algorithm>

#include "store/sqlite/sqlite_storage.h"

namespace herald::store::sqlite {

namespace {
// SKUs asked for at once: a list of placeholders well under SQLite's limit on them.
constexpr std::size_t kChunk = 500;

std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ",?" : "?";
  return out;
}

// Runs `sql` with "(?...)" standing for each chunk of `skus`, after the store id.
template <typename Fn>
void each_chunk(Db& db, const std::string& sql_before, const std::string& sql_after, StoreId store,
                const std::vector<std::string>& skus, Fn&& row) {
  for (std::size_t at = 0; at < skus.size(); at += kChunk) {
    const auto n = std::min(kChunk, skus.size() - at);
    auto s = db.prepare(sql_before + "(" + placeholders(n) + ")" + sql_after);
    s.bind(1, store);
    for (std::size_t i = 0; i < n; ++i) s.bind(static_cast<int>(i + 2), skus[at + i]);
    while (s.step()) row(s);
  }
}
}  // namespace

void SqliteStorage::put_catalog_skus(StoreId store, const std::vector<std::string>& skus) {
  write([&](Db& db) {
    Transaction tx(db);
    db.prepare("DELETE FROM catalog_skus WHERE store_id = ?").bind_all(store).run();
    for (const auto& sku : skus)
      db.prepare("INSERT OR IGNORE INTO catalog_skus (store_id, sku) VALUES (?,?)")
          .bind_all(store, sku)
          .run();
    tx.commit();
  });
}

std::vector<std::string> SqliteStorage::catalog_skus(StoreId store) {
  return read([&](Db& db) {
    std::vector<std::string> out;
    auto s = db.prepare("SELECT sku FROM catalog_skus WHERE store_id = ? ORDER BY sku");
    s.bind_all(store);
    while (s.step()) out.push_back(s.text(0));
    return out;
  });
}

std::vector<std::string> SqliteStorage::sold_skus(StoreId store,
                                                  const std::vector<std::string>& skus) {
  return read([&](Db& db) {
    std::vector<std::string> out;
    each_chunk(db, "SELECT sku FROM catalog_skus WHERE store_id = ? AND sku IN ", " ORDER BY sku",
               store, skus, [&](Stmt& s) { out.push_back(s.text(0)); });
    return out;
  });
}

std::vector<std::string> SqliteStorage::unsynced_skus(StoreId store) {
  return read([&](Db& db) {
    std::vector<std::string> out;
    auto s = db.prepare(
        "SELECT c.sku FROM catalog_skus c WHERE c.store_id = ? AND NOT EXISTS (SELECT 1 FROM "
        "stock s WHERE s.store_id = c.store_id AND s.sku = c.sku) ORDER BY c.sku");
    s.bind_all(store);
    while (s.step()) out.push_back(s.text(0));
    return out;
  });
}

std::vector<StockRow> SqliteStorage::stock(StoreId store, const std::vector<std::string>& skus) {
  return read([&](Db& db) {
    std::vector<StockRow> out;
    each_chunk(db,
               "SELECT sku, quantity, oms_quantity, synced_at FROM stock WHERE store_id = ? AND "
               "sku IN ",
               "", store, skus, [&](Stmt& s) {
                 out.push_back({s.text(0), s.i64(1), s.i64(2), s.i64(3)});
               });
    std::sort(out.begin(), out.end(),
              [](const StockRow& a, const StockRow& b) { return a.sku < b.sku; });
    return out;
  });
}

std::vector<UnmappedSku> SqliteStorage::unmapped_skus(StoreId store) {
  return read([&](Db& db) {
    std::vector<UnmappedSku> out;
    auto s = db.prepare(
        "SELECT u.sku, u.quantity, u.seen_at FROM unmapped_skus u WHERE u.store_id = ? AND NOT "
        "EXISTS (SELECT 1 FROM catalog_skus c WHERE c.store_id = u.store_id AND c.sku = u.sku) "
        "ORDER BY u.sku");
    s.bind_all(store);
    while (s.step()) out.push_back({s.text(0), s.i64(1), s.i64(2)});
    return out;
  });
}

std::optional<StockSyncState> SqliteStorage::stock_sync_state(StoreId store) {
  return read([&](Db& db) -> std::optional<StockSyncState> {
    auto s =
        db.prepare("SELECT cursor, synced_at, result FROM stock_sync_state WHERE store_id = ?");
    s.bind_all(store);
    if (!s.step()) return std::nullopt;
    return StockSyncState{s.i64(0), s.i64(1), s.text(2)};
  });
}

void SqliteStorage::record_stock_sync(const StockSync& sync) {
  write([&](Db& db) {
    Transaction tx(db);
    for (const auto& r : sync.stock)
      db.prepare(
            "INSERT INTO stock (store_id, sku, quantity, oms_quantity, synced_at) "
            "VALUES (?,?,?,?,?) ON CONFLICT (store_id, sku) DO UPDATE SET "
            "quantity = excluded.quantity, oms_quantity = excluded.oms_quantity, "
            "synced_at = excluded.synced_at")
          .bind_all(sync.store_id, r.sku, r.quantity, r.oms_quantity, r.synced_at)
          .run();
    for (const auto& u : sync.unmapped) {
      if (u.quantity > 0)
        db.prepare(
              "INSERT INTO unmapped_skus (store_id, sku, quantity, seen_at) VALUES (?,?,?,?) "
              "ON CONFLICT (store_id, sku) DO UPDATE SET quantity = excluded.quantity, "
              "seen_at = excluded.seen_at")
            .bind_all(sync.store_id, u.sku, u.quantity, u.seen_at)
            .run();
      else
        db.prepare("DELETE FROM unmapped_skus WHERE store_id = ? AND sku = ?")
            .bind_all(sync.store_id, u.sku)
            .run();
    }
    db.prepare(
          "INSERT INTO stock_sync_state (store_id, cursor, synced_at, result) VALUES (?,?,?,?) "
          "ON CONFLICT (store_id) DO UPDATE SET cursor = max(cursor, excluded.cursor), "
          "synced_at = excluded.synced_at, result = excluded.result")
        .bind_all(sync.store_id, sync.cursor, sync.now, sync.result_json)
        .run();
    tx.commit();
  });
}

}  // namespace herald::store::sqlite
