#include "store/sqlite/sqlite_figures.h"

namespace herald::store::sqlite {

void write_figures(Db& db, const domain::FigureChanges& figures) {
  for (const auto& c : figures.increments)
    db.prepare(
          "INSERT INTO ui_daily_counts (store_id, day, kind, key, n) VALUES (?,?,?,?,?) "
          "ON CONFLICT (store_id, day, kind, key, shard) DO UPDATE SET n = n + excluded.n")
        .bind_all(c.store_id, c.day, c.kind, c.key, c.n)
        .run();
  for (const auto& f : figures.failures)
    db.prepare(
          "INSERT INTO ui_failures (store_id, message_id, recipient, reason, domain, at) "
          "VALUES (?,?,?,?,?,?) ON CONFLICT (store_id, message_id, recipient) DO NOTHING")
        .bind_all(f.store_id, f.message_seq, f.recipient, f.reason, f.domain, f.at)
        .run();
}

void delete_failure_lines(Db& db, std::int64_t store_id, std::int64_t message_seq) {
  db.prepare("DELETE FROM ui_failures WHERE store_id = ? AND message_id = ?")
      .bind_all(store_id, message_seq)
      .run();
}

}  // namespace herald::store::sqlite
