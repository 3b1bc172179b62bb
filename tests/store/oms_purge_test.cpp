// The daily purge of OMS statuses and of the OMS call log finds the old rows by their age or
// their order on every backend, instead of reading the store's whole log for each batch it
// deletes.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store/oms_storage.h"
#include "store/open_oms_storage.h"
#include "store/stores_on_backend.h"

namespace herald::store {
namespace {

using testing::Backend;
using testing::postgres_rows;
using Rows = std::vector<std::vector<std::string>>;

Rows sqlite_rows(const std::string& url, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(url.substr(std::string("sqlite://").size()).c_str(), &db) != SQLITE_OK)
    throw std::runtime_error("cannot open " + url);
  Rows rows;
  sqlite3_stmt* s = nullptr;
  const char* rest = sql.c_str();
  while (*rest) {
    if (sqlite3_prepare_v2(db, rest, -1, &s, &rest) != SQLITE_OK) {
      const std::string err = sqlite3_errmsg(db);
      sqlite3_close(db);
      throw std::runtime_error(err + " in: " + sql);
    }
    if (!s) break;
    rows.clear();
    while (sqlite3_step(s) == SQLITE_ROW) {
      rows.emplace_back();
      for (int i = 0; i < sqlite3_column_count(s); ++i) {
        const auto* text = sqlite3_column_text(s, i);
        rows.back().emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      }
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return rows;
}

constexpr int kRows = 20000;
constexpr int kPurges = 8;      // more than the five a prepared statement is planned for anew
constexpr int kPerPurge = 100;  // rows each purge finds older than its cut-off

struct OmsPurgeTest : testing::StoresOnBackend {
  bool sqlite() const { return GetParam() == Backend::sqlite; }
  Rows rows(const std::string& sql) {
    return sqlite() ? sqlite_rows(database.url(), sql) : postgres_rows(database.url(), sql);
  }

  // kRows rows of store a made by `columns` and `values` (of g = 1..kRows), and the table's
  // statistics as the server's background analysis would leave them.
  void add_rows(const std::string& table, const std::string& columns, const std::string& values) {
    const std::string n = std::to_string(kRows);
    if (sqlite()) {
      rows("WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < " + n +
           ") INSERT INTO " + table + " (" + columns + ") SELECT " + values + " FROM s; ANALYZE");
      return;
    }
    rows("ALTER TABLE " + table + " SET (autovacuum_enabled = false); INSERT INTO " + table + " (" +
         columns + ") SELECT " + values + " FROM generate_series(1, " + n + ") g; ANALYZE " +
         table);
  }

  // SQLite's plan of `sql`, one line a step.
  std::string sqlite_plan(const std::string& sql) {
    std::string text;
    for (const auto& r : rows("EXPLAIN QUERY PLAN " + sql)) text += r.back() + "\n";
    return text;
  }

  // PostgreSQL's counts for the table once the purge's connections have closed and sent them.
  struct Counts {
    long deleted = 0, read_whole = 0, by_index = 0;
  };
  Counts postgres_counts(const std::string& table, const std::string& index,
                         long deleted_at_least) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    for (;;) {
      const auto r = rows(
          "SELECT t.n_tup_del, t.seq_tup_read, i.idx_scan FROM pg_stat_user_tables t "
          "LEFT JOIN pg_stat_user_indexes i ON i.relid = t.relid AND i.indexrelname = '" +
          index + "' WHERE t.relname = '" + table + "'");
      const Counts c{std::stol(r.at(0).at(0)), std::stol(r.at(0).at(1)),
                     r.at(0).at(2).empty() ? 0 : std::stol(r.at(0).at(2))};
      if (c.deleted >= deleted_at_least || std::chrono::steady_clock::now() > deadline) return c;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
};

struct OmsStatusPurgeTest : OmsPurgeTest {};
struct OmsCallPurgeTest : OmsPurgeTest {};

TEST_P(OmsStatusPurgeTest, FindsTheOldStatusesByTheirAge) {
  // Received at 0..kRows-1, stored in no order of age (as they are once new rows fill the room
  // that purged ones left).
  add_rows("oms_statuses", "store_id, event_id, order_id, shipment_id, status, at, received_at",
           std::to_string(a.id) + ", 'ev-' || g, 'O-' || g, 'SH', 'placed', g, (g * 7919) % " +
               std::to_string(kRows));
  auto oms = open_oms_storage(database.url());
  EXPECT_EQ(oms->purge_oms_statuses(a.id, kPerPurge, true), kPerPurge);
  for (int i = 1; i <= kPurges; ++i)
    ASSERT_EQ(oms->purge_oms_statuses(a.id, i * kPerPurge, false), kPerPurge) << "purge " << i;
  EXPECT_EQ(oms->purge_oms_statuses(a.id, (kPurges + 1) * kPerPurge, true), kPerPurge);

  if (sqlite()) {
    // The purge's statement (sqlite_oms.cpp), as SQLite plans it.
    const std::string store = std::to_string(a.id);
    const std::string text = sqlite_plan(
        "DELETE FROM oms_statuses WHERE store_id = " + store +
        " AND event_id IN (SELECT event_id FROM oms_statuses WHERE store_id = " + store +
        " AND received_at < 900 LIMIT 2000)");
    EXPECT_NE(text.find("INDEX oms_statuses_by_received (store_id=? AND received_at<?)"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("SCAN oms_statuses"), std::string::npos) << text;
    return;
  }
  oms.reset();  // its connections close and send their counts
  const auto c = postgres_counts("oms_statuses", "oms_statuses_by_received", kPurges * kPerPurge);
  ASSERT_EQ(c.deleted, kPurges * kPerPurge);
  EXPECT_GE(c.by_index, kPurges);
  EXPECT_LT(c.read_whole, kRows) << "a purge read the whole table";
}

TEST_P(OmsCallPurgeTest, FindsTheOldCallsByTheirTime) {
  // Made at 0..kRows-1 and logged in no order of time (several nodes log their own calls).
  add_rows("oms_calls", "store_id, at, method, path, status, ms, error, order_id",
           std::to_string(a.id) + ", (g * 7919) % " + std::to_string(kRows) +
               ", 'GET', '/v1/orders/O-' || g, 200, 12, '', 'O-' || g");
  auto oms = open_oms_storage(database.url());
  for (int i = 1; i <= kPurges; ++i)
    ASSERT_EQ(oms->purge_oms_calls(a.id, i * kPerPurge, false), kPerPurge) << "purge " << i;
  EXPECT_EQ(oms->purge_oms_calls(a.id, (kPurges + 1) * kPerPurge, true), kPerPurge);

  if (sqlite()) {
    const std::string store = std::to_string(a.id);
    const std::string text = sqlite_plan(
        "DELETE FROM oms_calls WHERE id IN (SELECT id FROM oms_calls WHERE "
        "store_id = " +
        store + " AND at < 900 LIMIT 2000)");
    EXPECT_NE(text.find("INDEX oms_calls_by_at (store_id=? AND at<?)"), std::string::npos) << text;
    EXPECT_EQ(text.find("SCAN oms_calls"), std::string::npos) << text;
    return;
  }
  oms.reset();
  const auto c = postgres_counts("oms_calls", "oms_calls_by_at", kPurges * kPerPurge);
  ASSERT_EQ(c.deleted, kPurges * kPerPurge);
  EXPECT_GE(c.by_index, kPurges);
  EXPECT_LT(c.read_whole, kRows) << "a purge read the whole table";
}

HERALD_ON_EVERY_BACKEND(OmsStatusPurgeTest);
HERALD_ON_EVERY_BACKEND(OmsCallPurgeTest);

}  // namespace
}  // namespace herald::store
