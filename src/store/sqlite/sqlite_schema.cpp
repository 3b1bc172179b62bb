#include "store/sqlite/sqlite_schema.h"

#include <algorithm>
#include <set>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_migrations.h"

namespace herald::store::sqlite {

namespace {
const std::vector<Migration>& all_migrations() {
  static const std::vector<Migration> kAll = [] {
    auto all = founding_migrations();
    for (auto& m : later_migrations()) all.push_back(m);
    return all;
  }();
  return kAll;
}
}  // namespace

MigrationSteps migrate(Db& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "applied_at INTEGER NOT NULL DEFAULT (unixepoch()))");
  MigrationSteps steps;
  std::set<int> applied;
  {
    auto s = db.prepare("SELECT version FROM schema_migrations");
    while (s.step()) applied.insert(s.i32(0));
  }
  steps.from_version = steps.to_version = applied.empty() ? 0 : *applied.rbegin();
  std::vector<Migration> todo;
  for (const auto& m : all_migrations())
    if (!applied.count(m.version)) todo.push_back(m);
  std::sort(todo.begin(), todo.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (const auto& m : todo) {
    Transaction tx(db);
    db.exec(m.sql);
    db.prepare("INSERT INTO schema_migrations (version) VALUES (?)")
        .bind(1, static_cast<std::int64_t>(m.version))
        .run();
    tx.commit();
    ++steps.applied;
    steps.to_version = std::max(steps.to_version, m.version);
  }
  return steps;
}

int schema_version() {
  int v = 0;
  for (const auto& m : all_migrations()) v = std::max(v, m.version);
  return v;
}

}  // namespace herald::store::sqlite
