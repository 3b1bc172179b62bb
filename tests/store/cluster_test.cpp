// Nodes sharing one database: claims renewed while a node runs, each node named on what it
// records, once-per-cluster jobs held by one node at a time, and wake-ups between nodes.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "store/backends.h"
#include "store/open_storage.h"

namespace herald::store {
namespace {

using domain::Channel;
using domain::MessageStatus;

NewEvent event_with_email(StoreId store, const std::string& id) {
  NewMessage m;
  m.public_id = "M-" + id;
  m.channel = Channel::email;
  m.type = "ORDER_PLACED";
  m.event_id = id;
  m.to = {"x@y.no"};
  m.subject = "Hi";
  m.search_addresses = {"x@y.no"};
  NewEvent e;
  e.store_id = store;
  e.event_id = id;
  e.type = "ORDER_PLACED";
  e.messages = {m};
  return e;
}

AttemptChange sent_under(Storage& db, const QueuedMessage& claim, TimeMs at) {
  AttemptChange change;
  change.decided_on = db.attempt_states({claim.seq}).at(0);
  change.at = at;
  change.status = MessageStatus::sent;
  change.timeline.push_back({at, "sent", MessageStatus::sent, 250, "", "", "ok", "", "x@y.no"});
  change.fence = claim.fence;
  return change;
}

struct NodeTest : ::testing::TestWithParam<testing::Backend> {
  testing::BackendDatabase database{GetParam()};
  Storages opened = open_storage(database.url(), Durability::each_write, "node-a");
  Storage& db = opened.storage();
  StoreRecord shop = db.create_store("a", "hash-a", "", {}, 1);
};

TEST_P(NodeTest, ARenewedClaimStaysWithItsNodeAndExpiresOnceRenewalStops) {
  db.accept_events({event_with_email(shop.id, "e1")}, 10);
  ASSERT_EQ(db.claim_due(Channel::email, 10, 10, 1000).size(), 1u);
  db.renew_leases(1900);  // at 900, for another 1000
  EXPECT_TRUE(db.claim_due(Channel::email, 1500, 10, 2500).empty());
  EXPECT_EQ(db.claim_due(Channel::email, 1900, 10, 2900).size(), 1u);  // renewal stopped
}

TEST_P(NodeTest, RenewingTouchesOnlyClaimedMessages) {
  db.accept_events({event_with_email(shop.id, "e1")}, 10);
  db.renew_leases(5000);  // nothing claimed: the queued message stays due
  EXPECT_EQ(db.claim_due(Channel::email, 20, 10, 1000).size(), 1u);
}

TEST_P(NodeTest, TheTimelineNamesTheNodeThatRecordedEachStep) {
  db.accept_events({event_with_email(shop.id, "e1")}, 10);
  auto claim = db.claim_due(Channel::email, 10, 10, 1000).at(0);
  {
    auto other = open_storage(database.url(), Durability::each_write, "node-b");
    ASSERT_EQ(other.storage().record_attempt_changes({sent_under(other.storage(), claim, 20)})[0],
              ChangeRecorded::recorded);
  }
  auto timeline = db.get_timeline(shop.id, claim.seq);
  ASSERT_EQ(timeline.size(), 2u);
  EXPECT_EQ(timeline[0].type, "queued");
  EXPECT_EQ(timeline[0].node, "node-a");
  EXPECT_EQ(timeline[1].type, "sent");
  EXPECT_EQ(timeline[1].node, "node-b");
}

TEST_P(NodeTest, ATaskRunsOnceOnThisNodeUntilItFinishes) {
  EXPECT_TRUE(opened.cluster().try_start("t"));
  EXPECT_FALSE(opened.cluster().try_start("t"));
  EXPECT_TRUE(opened.cluster().try_start("u"));
  opened.cluster().finish("t");
  EXPECT_TRUE(opened.cluster().try_start("t"));
}

HERALD_ON_EVERY_BACKEND(NodeTest);

// ---- PostgreSQL: several nodes on one database ----

struct TwoNodes : ::testing::Test {
  std::string url = testing::fresh_postgres_database();
  Storages a = open_storage(url, Durability::each_write, "node-a");
  Storages b = open_storage(url, Durability::each_write, "node-b");
  StoreRecord shop = a.storage().create_store("a", "hash-a", "", {}, 1);
};

TEST_F(TwoNodes, ANodeRenewsAndReleasesOnlyItsOwnClaims) {
  a.storage().accept_events({event_with_email(shop.id, "e1")}, 10);
  b.storage().accept_events({event_with_email(shop.id, "e2")}, 10);
  ASSERT_EQ(a.storage().claim_due(Channel::email, 10, 1, 1000).size(), 1u);
  ASSERT_EQ(b.storage().claim_due(Channel::email, 10, 1, 1000).size(), 1u);
  a.storage().renew_leases(5000);
  b.storage().release_leases();  // b restarts: its claim is due again, a's is not
  auto taken = b.storage().claim_due(Channel::email, 2000, 10, 9000);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].id, "M-e2");
  EXPECT_TRUE(b.storage().claim_due(Channel::email, 4000, 10, 9000).empty());
  taken = b.storage().claim_due(Channel::email, 5000, 10, 9000);  // a went silent
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].id, "M-e1");
}

TEST_F(TwoNodes, AClaimTakenOverFromASilentNodeRefusesThatNodesOutcome) {
  a.storage().accept_events({event_with_email(shop.id, "e1")}, 10);
  auto first = a.storage().claim_due(Channel::email, 10, 10, 1000).at(0);
  auto second = b.storage().claim_due(Channel::email, 1000, 10, 2000).at(0);
  EXPECT_EQ(a.storage().record_attempt_changes({sent_under(a.storage(), first, 1100)})[0],
            ChangeRecorded::fenced);
  EXPECT_EQ(b.storage().record_attempt_changes({sent_under(b.storage(), second, 1200)})[0],
            ChangeRecorded::recorded);
  auto timeline = a.storage().get_timeline(shop.id, first.seq);
  ASSERT_EQ(timeline.size(), 2u);
  EXPECT_EQ(timeline[1].node, "node-b");
}

TEST_F(TwoNodes, AJobIsHeldByOneNodeAtATimeAndPassesOnWhenItsNodeStops) {
  EXPECT_TRUE(a.cluster().hold("campaigns"));
  EXPECT_TRUE(a.cluster().hold("campaigns"));  // still held
  EXPECT_FALSE(b.cluster().hold("campaigns"));
  EXPECT_TRUE(b.cluster().hold("retention"));  // another job, free
  EXPECT_FALSE(a.cluster().hold("retention"));
  a.cluster().stop();
  EXPECT_TRUE(b.cluster().hold("campaigns"));
}

TEST_F(TwoNodes, ATaskRunsOnOneNodeAtATimeUntilItFinishesOrItsNodeStops) {
  EXPECT_TRUE(a.cluster().try_start("inventory-sync:1"));
  EXPECT_FALSE(a.cluster().try_start("inventory-sync:1"));  // not twice on one node either
  EXPECT_FALSE(b.cluster().try_start("inventory-sync:1"));
  EXPECT_TRUE(b.cluster().try_start("inventory-sync:2"));
  EXPECT_TRUE(a.cluster().hold("inventory-sync:1"));  // a job of the same name is another lock
  a.cluster().finish("inventory-sync:1");
  EXPECT_TRUE(b.cluster().try_start("inventory-sync:1"));
  EXPECT_FALSE(a.cluster().try_start("inventory-sync:1"));
  b.cluster().finish("inventory-sync:1");
  b.cluster().finish("inventory-sync:1");  // finishing twice frees nothing more
  EXPECT_TRUE(a.cluster().try_start("inventory-sync:1"));
  EXPECT_FALSE(b.cluster().try_start("inventory-sync:1"));
  a.cluster().stop();  // a node that stops frees what it ran
  EXPECT_TRUE(b.cluster().try_start("inventory-sync:1"));
}

TEST_F(TwoNodes, AnAnnounceWakesTheOtherNodeNotItself) {
  std::mutex mutex;
  std::condition_variable woken;
  int a_woken = 0, b_woken = 0;
  a.cluster().listen([&] {
    std::lock_guard lock(mutex);
    ++a_woken;
    woken.notify_all();
  });
  b.cluster().listen([&] {
    std::lock_guard lock(mutex);
    ++b_woken;
    woken.notify_all();
  });
  // b may not be listening yet when a first announces: announce until b has heard one.
  std::unique_lock lock(mutex);
  for (int i = 0; i < 100 && b_woken == 0; ++i) {
    lock.unlock();
    a.cluster().announce();
    lock.lock();
    woken.wait_for(lock, std::chrono::milliseconds(100), [&] { return b_woken > 0; });
  }
  EXPECT_GT(b_woken, 0);
  EXPECT_EQ(a_woken, 0);
  lock.unlock();
  a.cluster().stop();
  b.cluster().stop();
}

}  // namespace
}  // namespace herald::store
