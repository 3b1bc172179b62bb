// PostgreSQL only: statements that join a batch of keys with a table that grows are planned for
// their keys each time. A prepared statement's generic plan, made after five runs while the table
// was empty, would read the whole table for every batch once it has grown.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "store/open_storage.h"
#include "store/storage.h"
#include "support/postgres_fixture.h"

namespace herald::store {
namespace {

using testing::postgres_rows;

// An event whose order is not at the version it was decided on: the batch stores it, finds the
// order moved on, and takes it back (the intake's remove_events).
NewEvent moved_on(StoreId store, const std::string& id, const std::string& order) {
  NewEvent e;
  e.store_id = store;
  e.event_id = id;
  e.type = "BAG_CONFIRMED";
  e.order_id = order;
  e.occurred_at = 10;
  OrderUpdate u;
  u.store_id = store;
  u.order_id = order;
  u.expected_version = 4;
  u.snapshot_json = "{}";
  e.order_update = u;
  return e;
}

// The events table's rows deleted and rows read by sequential scans, once every closed
// connection's counts have reached the server's statistics (a backend sends them as it exits).
// A batch of three such events (with a single key, the server would plan anew each time, a plan
// for one key being cheap enough).
std::vector<NewEvent> moved_on_batch(StoreId store, const std::string& prefix) {
  std::vector<NewEvent> out;
  for (int i = 0; i < 3; ++i)
    out.push_back(moved_on(store, prefix + "-" + std::to_string(i), "O-" + std::to_string(i)));
  return out;
}

std::pair<long, long> deleted_and_scanned(const std::string& url, long deleted_at_least) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    const auto rows = postgres_rows(
        url, "SELECT n_tup_del, seq_tup_read FROM pg_stat_user_tables WHERE relname = 'events'");
    const long deleted = std::stol(rows.at(0).at(0));
    if (deleted >= deleted_at_least || std::chrono::steady_clock::now() > deadline)
      return {deleted, std::stol(rows.at(0).at(1))};
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

TEST(PostgresBatchKeys, EventsTakenBackAreFoundByKeyAfterTheTableGrew) {
  const std::string url = testing::fresh_postgres_database();
  std::optional<Storages> opened(open_storage(url));
  const auto store = opened->storage().create_store("a", "hash-a", "", {}, 1).id;
  // No statistics update during the test: it would make the server plan the statement again.
  postgres_rows(url, "ALTER TABLE events SET (autovacuum_enabled = false)");
  constexpr int kEarly = 8, kLate = 3;
  for (int i = 0; i < kEarly; ++i) {
    const auto acks =
        opened->storage().accept_events(moved_on_batch(store, "early-" + std::to_string(i)), 100);
    ASSERT_TRUE(acks.at(2).order_moved_on);
  }
  constexpr long kGrown = 50000;
  postgres_rows(url,
                "INSERT INTO events (store_id, event_id, type, order_id, occurred_at, received_at, "
                "payload, skipped) SELECT " +
                    std::to_string(store) +
                    ", 'ev-' || g, 'ORDER_PLACED', 'O-' || g, 1, 1, '{}', '[]' "
                    "FROM generate_series(1, " +
                    std::to_string(kGrown) + ") g");
  for (int i = 0; i < kLate; ++i) {
    const auto acks =
        opened->storage().accept_events(moved_on_batch(store, "late-" + std::to_string(i)), 200);
    ASSERT_TRUE(acks.at(2).order_moved_on);
  }
  opened.reset();  // its connections close and send their counts

  const auto [deleted, scanned] = deleted_and_scanned(url, 3 * (kEarly + kLate));
  ASSERT_EQ(deleted, 3 * (kEarly + kLate));
  EXPECT_LT(scanned, kGrown) << "taking events back read the whole events table";
}

}  // namespace
}  // namespace herald::store
