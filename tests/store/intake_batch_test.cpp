// One batch of accepted events stored at once, as the group committer hands it over: what each
// event answers when the batch repeats an id, moves one order several times, meets an order
// that moved on, or holds a row the database refuses.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "domain/dashboard_figures.h"
#include "store/intake_storage.h"
#include "store/open_storage.h"
#include "store/stores_on_backend.h"
#include "store/ui_storage.h"

namespace herald::store {
namespace {

using domain::Channel;

struct IntakeBatchTest : testing::StoresOnBackend {
  NewMessage message(const std::string& public_id, const std::string& event_id) {
    NewMessage m;
    m.public_id = public_id;
    m.channel = Channel::email;
    m.type = "ORDER_PLACED";
    m.event_id = event_id;
    m.order_id = "O-1";
    m.to = {"x@y.no"};
    m.subject = "Hi";
    m.search_addresses = {"x@y.no"};
    return m;
  }

  NewEvent event(const std::string& id, const std::string& type, TimeMs at,
                 const std::string& message_id) {
    NewEvent e;
    e.store_id = a.id;
    e.event_id = id;
    e.type = type;
    e.order_id = "O-1";
    e.occurred_at = at;
    e.payload = nlohmann::json::parse(R"({"order":{"id":"O-1"}})");
    if (!message_id.empty()) e.messages.push_back(message(message_id, id));
    return e;
  }

  std::vector<EventAcceptance> accept(std::vector<NewEvent> events, TimeMs now) {
    order_statuses.decide_events(events);
    return db->accept_events(events, now);
  }

  size_t stored_messages() { return db->find_messages(a.id, {}).size(); }
};

TEST_P(IntakeBatchTest, TheSameEventIdTwiceInABatchIsStoredOnceAndAnsweredWithTheFirst) {
  auto first = event("e1", "ORDER_PLACED", 10, "M1");
  first.skipped.push_back({Channel::sms, "no_phone", ""});
  auto acks = accept(
      {first, event("e1", "ORDER_PLACED", 10, "M2"), event("e2", "BAG_CONFIRMED", 20, "M3")}, 100);
  ASSERT_EQ(acks.size(), 3u);
  EXPECT_FALSE(acks[0].duplicate);
  EXPECT_TRUE(acks[1].duplicate);
  ASSERT_EQ(acks[1].messages.size(), 1u);
  EXPECT_EQ(acks[1].messages[0].id, "M1");
  ASSERT_EQ(acks[1].skipped.size(), 1u);
  EXPECT_EQ(acks[1].skipped[0].reason, "no_phone");
  EXPECT_FALSE(acks[2].duplicate);
  EXPECT_EQ(stored_messages(), 2u);  // M1 and M3
  EXPECT_EQ(orders.get_order(a.id, "O-1")->history.size(), 2u);
  // Stored before, then twice in one batch: both answer with the stored message.
  acks =
      accept({event("e1", "ORDER_PLACED", 10, "M4"), event("e1", "ORDER_PLACED", 10, "M5")}, 101);
  for (const auto& ack : acks) {
    EXPECT_TRUE(ack.duplicate);
    ASSERT_EQ(ack.messages.size(), 1u);
    EXPECT_EQ(ack.messages[0].id, "M1");
  }
  EXPECT_EQ(stored_messages(), 2u);
}

TEST_P(IntakeBatchTest, EventsOfOneOrderInOneBatchAreRecordedInTheirOrder) {
  auto acks = accept({event("e1", "ORDER_PLACED", 10, "M1"), event("e2", "BAG_CONFIRMED", 20, "M2"),
                      event("e3", "OUT_FOR_DELIVERY", 30, "")},
                     100);
  for (const auto& ack : acks) {
    EXPECT_FALSE(ack.duplicate);
    EXPECT_FALSE(ack.order_moved_on);
  }
  const auto o = orders.get_order(a.id, "O-1");
  ASSERT_TRUE(o);
  ASSERT_EQ(o->history.size(), 3u);
  EXPECT_EQ(o->history[0].event_id, "e1");
  EXPECT_EQ(o->history[2].event_id, "e3");
  EXPECT_EQ(orders.order_states({{a.id, "O-1"}}).at(0).version, 3);
  EXPECT_EQ(stored_messages(), 2u);
}

TEST_P(IntakeBatchTest, AnEventWhoseOrderMovedOnIsTakenBackAloneWithItsCopies) {
  std::vector<NewEvent> late{event("e1", "BAG_CONFIRMED", 20, "M1")};
  order_statuses.decide_events(late);
  accept({event("e0", "ORDER_PLACED", 10, "")}, 100);  // another writer moves the order on
  std::vector<NewEvent> other{event("e2", "ORDER_PLACED", 10, "M2")};
  other[0].order_id = "O-2";
  order_statuses.decide_events(other);
  auto batch = std::vector<NewEvent>{late[0], late[0], other[0]};
  const auto acks = db->accept_events(batch, 101);
  EXPECT_TRUE(acks[0].order_moved_on);
  EXPECT_TRUE(acks[1].order_moved_on);
  EXPECT_FALSE(acks[2].order_moved_on);
  EXPECT_EQ(stored_messages(), 1u);  // M2 only
  // Decided again, the first is stored and its copy answers with it.
  const auto again = accept({late[0], late[0]}, 102);
  EXPECT_FALSE(again[0].duplicate);
  EXPECT_FALSE(again[0].order_moved_on);
  EXPECT_TRUE(again[1].duplicate);
  EXPECT_EQ(again[1].messages.at(0).id, "M1");
  EXPECT_EQ(orders.get_order(a.id, "O-1")->history.size(), 2u);
}

TEST_P(IntakeBatchTest, ABatchWithARowTheDatabaseRefusesStoresNothing) {
  accept({event("e1", "ORDER_PLACED", 10, "M1")}, 100);
  // e3's message reuses a stored message id: the whole batch fails, e2 with it.
  EXPECT_THROW(
      accept({event("e2", "BAG_CONFIRMED", 20, "M2"), event("e3", "OUT_FOR_DELIVERY", 30, "M1")},
             101),
      Error);
  EXPECT_EQ(stored_messages(), 1u);
  EXPECT_EQ(orders.get_order(a.id, "O-1")->history.size(), 1u);
  // Alone, e2 is stored (as the group committer stores a failed batch's events one by one).
  const auto acks = accept({event("e2", "BAG_CONFIRMED", 20, "M2")}, 102);
  EXPECT_FALSE(acks[0].duplicate);
  EXPECT_EQ(stored_messages(), 2u);
}

TEST_P(IntakeBatchTest, MessagesWithoutAnEventAreStoredBesideEvents) {
  NewEvent standalone;
  standalone.store_id = a.id;
  standalone.messages = {message("M1", ""), message("M2", "")};
  standalone.messages[1].status = domain::MessageStatus::suppressed;
  standalone.messages[1].held.push_back({0, {5, "suppressed", domain::MessageStatus::suppressed}});
  const auto acks = accept({standalone, event("e1", "ORDER_PLACED", 10, "M3")}, 100);
  ASSERT_EQ(acks[0].messages.size(), 2u);
  EXPECT_EQ(acks[0].messages[1].status, domain::MessageStatus::suppressed);
  EXPECT_FALSE(acks[1].duplicate);
  EXPECT_EQ(stored_messages(), 3u);
  EXPECT_EQ(db->queue_depth(), 2);  // the suppressed one is never queued
}

TEST_P(IntakeBatchTest, TheDashboardCountsABatchAndEveryNodeInOneSumPerDay) {
  const TimeMs day = 20000 * domain::kDayMs;
  auto counted = [&](std::vector<NewEvent> events, TimeMs now) {
    for (auto& e : events)
      for (auto& m : e.messages) m.figures = domain::figures_for_new_message(a.id, m.channel, now);
    return events;
  };
  accept(counted({event("e1", "ORDER_PLACED", 10, "M1"), event("e2", "BAG_CONFIRMED", 20, "M2"),
                  event("e3", "BAG_PICKED", 30, "M3")},
                 day + 1),
         day + 1);
  // Another node on the same database (its own connections) counts the same day.
  auto other = open_storage(database.url());
  auto more = counted({event("e4", "OUT_FOR_DELIVERY", 40, "M4")}, day + 2);
  order_statuses.decide_events(more);
  other.storage().accept_events(more, day + 2);
  accept(counted({event("e5", "DELIVERY_DONE", 50, "M5")}, day + 3), day + 3);
  const auto counts = opened.ui().daily_counts(a.id, "channel", 0);
  ASSERT_EQ(counts.size(), 1u);
  EXPECT_EQ(counts[0].day, 20000);
  EXPECT_EQ(counts[0].key, "email");
  EXPECT_EQ(counts[0].n, 5);
}

HERALD_ON_EVERY_BACKEND(IntakeBatchTest);

}  // namespace
}  // namespace herald::store
