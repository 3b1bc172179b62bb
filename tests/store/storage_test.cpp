#include "store/storage.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "delivery/outcome_recorder.h"
#include "store/open_storage.h"
#include "store/stores_on_backend.h"
#include "store/ui_storage.h"

namespace herald::store {
namespace {

using delivery::AttemptRecord;
using domain::Channel;
using domain::MessageStatus;
using domain::Outcome;

struct StorageTest : testing::StoresOnBackend {
  int next_id = 0;

  NewMessage message(Channel ch, const std::string& to, const std::string& subject) {
    NewMessage m;
    m.public_id = "M" + std::to_string(++next_id);
    m.channel = ch;
    m.type = "ORDER_PLACED";
    m.order_id = "O-1";
    m.to = {to};
    m.subject = subject;
    m.sms = ch == Channel::sms ? "hello" : "";
    m.search_addresses = {to};
    return m;
  }

  NewEvent event(StoreId store, const std::string& id, std::vector<NewMessage> messages) {
    NewEvent e;
    e.store_id = store;
    e.event_id = id;
    e.type = "ORDER_PLACED";
    e.order_id = "O-1";
    e.messages = std::move(messages);
    for (auto& m : e.messages) m.event_id = id;
    return e;
  }
};

TEST_P(StorageTest, MigrationsAreAppliedOnceAndReopeningKeepsData) {
  db->accept_events({event(a.id, "e1", {message(Channel::email, "x@y.no", "Hi")})}, 10);
  opened = open_storage(database.url());
  db = &opened.storage();
  EXPECT_EQ(db->find_messages(a.id, {}).size(), 1u);
  EXPECT_EQ(db->find_store_by_key_hash("hash-b")->slug, "b");
}

TEST_P(StorageTest, ADuplicateEventAnswersWithTheStoredMessages) {
  auto e = event(a.id, "e1", {message(Channel::email, "x@y.no", "Hi")});
  e.skipped.push_back({Channel::sms, "no_phone", ""});
  auto first = db->accept_events({e}, 10);
  auto again =
      db->accept_events({event(a.id, "e1", {message(Channel::email, "x@y.no", "Hi")})}, 11);
  EXPECT_FALSE(first[0].duplicate);
  EXPECT_TRUE(again[0].duplicate);
  ASSERT_EQ(again[0].messages.size(), 1u);
  EXPECT_EQ(again[0].messages[0].id, first[0].messages[0].id);
  ASSERT_EQ(again[0].skipped.size(), 1u);
  EXPECT_EQ(again[0].skipped[0].reason, "no_phone");
  EXPECT_EQ(db->find_messages(a.id, {}).size(), 1u);
  // The same event id in another store is another event.
  EXPECT_FALSE(db->accept_events({event(b.id, "e1", {})}, 12)[0].duplicate);
}

TEST_P(StorageTest, EveryReadIsConfinedToTheStore) {
  auto ack = db->accept_events({event(a.id, "e1", {message(Channel::email, "x@y.no", "Hi")})}, 10);
  const auto& id = ack[0].messages[0].id;
  EXPECT_TRUE(db->get_message(a.id, id));
  EXPECT_FALSE(db->get_message(b.id, id));
  EXPECT_TRUE(db->find_messages(b.id, {}).empty());
  auto row = *db->get_message(a.id, id);
  EXPECT_TRUE(db->get_timeline(b.id, row.seq).empty());
  EXPECT_TRUE(db->get_content(b.id, row.seq).html.empty());
}

TEST_P(StorageTest, FiltersCombineAndPagesFollowTheCursor) {
  std::vector<NewEvent> events;
  for (int i = 0; i < 5; ++i)
    events.push_back(
        event(a.id, "e" + std::to_string(i),
              {message(Channel::email, "sara@test.no", "Ordre er på vei " + std::to_string(i)),
               message(Channel::sms, "+4790000000", "")}));
  db->accept_events(events, 100);
  MessageQuery q;
  q.address = "+4790000000";
  EXPECT_EQ(db->find_messages(a.id, q).size(), 5u);
  q.address.clear();
  q.subject = "PÅ VEI";
  EXPECT_EQ(db->find_messages(a.id, q).size(), 5u);
  q.subject = "vei 3";
  EXPECT_EQ(db->find_messages(a.id, q).size(), 1u);
  q.subject = "ord";  // a word prefix
  q.limit = 2;
  auto page1 = db->find_messages(a.id, q);
  ASSERT_EQ(page1.size(), 2u);
  q.before_seq = page1.back().seq;
  auto page2 = db->find_messages(a.id, q);
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_GT(page1.back().seq, page2.front().seq);
  MessageQuery by_time;
  by_time.since = 101;
  EXPECT_TRUE(db->find_messages(a.id, by_time).empty());
  by_time.since = 100;
  by_time.channel = Channel::sms;
  EXPECT_EQ(db->find_messages(a.id, by_time).size(), 5u);
}

TEST_P(StorageTest, ClaimedMessagesAreLeasedAndComeBackAfterACrash) {
  db->accept_events({event(a.id, "e1", {message(Channel::email, "x@y.no", "Hi")})}, 10);
  auto claimed = db->claim_due(Channel::email, 10, 10, 1000);
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].pending, std::vector<std::string>{"x@y.no"});
  EXPECT_TRUE(db->claim_due(Channel::email, 20, 10, 1000).empty());
  EXPECT_EQ(db->claim_due(Channel::email, 1000, 10, 2000).size(), 1u);  // lease expired
  db->release_leases();                                                 // restart
  EXPECT_EQ(db->claim_due(Channel::email, 30, 10, 3000).size(), 1u);
}

TEST_P(StorageTest, MessagesDueAtTheSameTimeAreClaimedInIdOrder) {
  // Accepted newest due first, claimed one at a time in that order, then all due again at the
  // same time: rows written last come first in storage, ids first in the claim.
  std::vector<std::string> ids;
  for (TimeMs due : {30, 20, 10}) {
    auto e = event(a.id, "e" + std::to_string(due), {message(Channel::email, "x@y.no", "Hi")});
    ids.push_back(e.messages[0].public_id);
    db->accept_events({e}, due);
  }
  for (TimeMs now : {10, 20, 30}) ASSERT_EQ(db->claim_due(Channel::email, now, 1, 500).size(), 1u);
  std::vector<std::string> claimed;
  for (int i = 0; i < 4; ++i)
    for (const auto& c : db->claim_due(Channel::email, 500, 1, 9000)) claimed.push_back(c.id);
  EXPECT_EQ(claimed, ids);
  const auto together = db->claim_due(Channel::email, 9000, 10, 20000);
  ASSERT_EQ(together.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(together[i].id, ids[i]);
}

TEST_P(StorageTest, AttemptsSetStatusFailCountAndTimeline) {
  auto m = message(Channel::email, "ok@y.no", "Hi");
  m.cc = {"full@y.no", "unknown@y.no"};
  db->accept_events({event(a.id, "e1", {m})}, 10);
  auto claimed = db->claim_due(Channel::email, 10, 10, 1000);
  AttemptRecord first{claimed[0].seq,
                      20,
                      {{"ok@y.no", Outcome::sent, 250, "2.0.0", "", "ok"},
                       {"full@y.no", Outcome::deferred, 452, "4.2.2", "mailboxfull", "full"},
                       {"unknown@y.no", Outcome::bounced, 550, "5.1.1", "userunknown", "no"}},
                      "Subject: Hi\r\n",
                      500};
  first.fence = claimed[0].fence;
  delivery::record_attempts(*db, {first}, 3);
  auto row = *db->get_message(a.id, "M1");
  EXPECT_EQ(row.status, MessageStatus::deferred);
  EXPECT_EQ(row.fail_count, 1);
  auto retry = db->claim_due(Channel::email, 500, 10, 1000);
  ASSERT_EQ(retry.size(), 1u);
  EXPECT_EQ(retry[0].pending, std::vector<std::string>{"full@y.no"});
  AttemptRecord second{retry[0].seq, 600, {{"full@y.no", Outcome::sent, 250, "", "", ""}}, "", {}};
  second.fence = retry[0].fence;
  delivery::record_attempts(*db, {second}, 3);
  row = *db->get_message(a.id, "M1");
  EXPECT_EQ(row.status, MessageStatus::sent);
  EXPECT_EQ(row.fail_count, 1);
  auto timeline = db->get_timeline(a.id, row.seq);
  ASSERT_EQ(timeline.size(), 5u);  // queued, sent, deferred, bounced, sent
  EXPECT_EQ(timeline[3].type, "bounced");
  EXPECT_EQ(timeline[3].enhanced_code, "5.1.1");
  EXPECT_EQ(timeline[3].description, "The address does not exist");
  EXPECT_EQ(db->get_content(a.id, row.seq).headers, "Subject: Hi\r\n");
  EXPECT_EQ(db->counts().queue_depth, 0);
}

TEST_P(StorageTest, DeferredTooOftenFails) {
  db->accept_events({event(a.id, "e1", {message(Channel::sms, "+4790000000", "")})}, 10);
  for (int attempt = 1; attempt <= 2; ++attempt) {
    auto c = db->claim_due(Channel::sms, 1000 * attempt, 10, 1000 * attempt + 1);
    ASSERT_EQ(c.size(), 1u) << attempt;
    AttemptRecord deferred{c[0].seq,
                           1000 * attempt,
                           {{"+4790000000", Outcome::deferred, 503, "", "networkerror", "down"}},
                           "",
                           1000 * (attempt + 1)};
    deferred.fence = c[0].fence;
    delivery::record_attempts(*db, {deferred}, 2);
  }
  auto row = *db->get_message(a.id, "M1");
  EXPECT_EQ(row.status, MessageStatus::failed);
  EXPECT_EQ(row.fail_count, 1);
  EXPECT_TRUE(db->claim_due(Channel::sms, 1'000'000, 10, 2'000'000).empty());
}

TEST_P(StorageTest, AnAttemptChangeIsRecordedOnlyOnTheStateItWasDecidedOn) {
  auto m = message(Channel::email, "x@y.no", "Hi");
  m.cc = {"z@y.no"};
  db->accept_events({event(a.id, "e1", {m})}, 10);
  auto claim = db->claim_due(Channel::email, 10, 10, 1000).at(0);
  auto seq = claim.seq;
  auto states = db->attempt_states({seq, seq + 100});
  ASSERT_EQ(states.size(), 2u);
  EXPECT_TRUE(states[0].queued);
  EXPECT_EQ(states[0].public_id, "M1");
  EXPECT_EQ(states[0].recipient_count, 2);
  EXPECT_FALSE(states[0].bounced_before);
  EXPECT_FALSE(states[1].queued);
  AttemptChange change;
  change.fence = claim.fence;
  change.decided_on = states[0];
  change.at = 20;
  change.status = MessageStatus::sent;
  change.timeline.push_back(
      {20, "sent", MessageStatus::sent, 250, "", "", "ok", "x@y.no", "x@y.no"});
  // A bounce report arrives meanwhile: the change was decided on a message that has moved.
  auto report = *db->report_state(seq);
  ReportChange bounce;
  bounce.seq = seq;
  bounce.expected_status = report.status;
  bounce.expected_fail_count = report.fail_count;
  bounce.expected_timeline_end = report.timeline_end;
  bounce.entry = {15, "bounced", "z@y.no", 550, "5.1.1", "userunknown", "", "", ""};
  bounce.status = report.status;
  bounce.fail_count = 1;
  ASSERT_TRUE(db->record_report(bounce));
  EXPECT_EQ(db->record_attempt_changes({change}).at(0), ChangeRecorded::moved);
  EXPECT_EQ(db->get_timeline(a.id, seq).size(), 2u);  // queued, bounced: nothing recorded
  change.decided_on = db->attempt_states({seq}).at(0);
  EXPECT_TRUE(change.decided_on.bounced_before);
  EXPECT_EQ(db->record_attempt_changes({change}).at(0), ChangeRecorded::recorded);
  // Recorded once: the message has left the queue.
  EXPECT_EQ(db->record_attempt_changes({change}).at(0), ChangeRecorded::moved);
  EXPECT_FALSE(db->attempt_states({seq}).at(0).queued);
}

TEST_P(StorageTest, AnOutcomeUnderAnExpiredClaimIsRefusedOnceTheMessageIsClaimedAgain) {
  db->accept_events({event(a.id, "e1", {message(Channel::email, "x@y.no", "Hi")})}, 10);
  auto first = db->claim_due(Channel::email, 10, 10, 1000).at(0);
  auto second = db->claim_due(Channel::email, 1000, 10, 2000).at(0);  // the lease expired
  ASSERT_EQ(first.seq, second.seq);
  EXPECT_GT(second.fence, first.fence);
  AttemptChange change;
  change.decided_on = db->attempt_states({first.seq}).at(0);
  change.at = 1500;
  change.status = MessageStatus::sent;
  change.timeline.push_back(
      {1500, "sent", MessageStatus::sent, 250, "", "", "ok", "x@y.no", "x@y.no"});
  change.fence = first.fence;
  EXPECT_EQ(db->record_attempt_changes({change}).at(0), ChangeRecorded::fenced);
  EXPECT_EQ(db->get_timeline(a.id, first.seq).size(), 1u);  // queued: nothing recorded
  change.fence = second.fence;
  EXPECT_EQ(db->record_attempt_changes({change}).at(0), ChangeRecorded::recorded);
  EXPECT_EQ(db->get_message(a.id, "M1")->status, MessageStatus::sent);
}

TEST_P(StorageTest, StoreSlugsAreUnique) {
  EXPECT_THROW(db->create_store("a", "hash-other", "", {}, 1), Error);
}

TEST_P(StorageTest, AnAttemptChangeWritesItsFiguresOnlyWhenItIsRecorded) {
  db->accept_events({event(a.id, "e1", {message(Channel::email, "x@y.no", "Hi")})}, 10);
  auto claim = db->claim_due(Channel::email, 10, 10, 1000).at(0);
  auto seq = claim.seq;
  AttemptChange change;
  change.fence = claim.fence;
  change.decided_on = db->attempt_states({seq}).at(0);
  EXPECT_EQ(change.decided_on.timeline_entries, 0);
  EXPECT_TRUE(change.decided_on.marks.empty());
  change.at = 20;
  change.status = MessageStatus::sent;
  change.timeline.push_back(
      {20, "sent", MessageStatus::sent, 250, "", "", "ok", "x@y.no", "x@y.no"});
  change.figures.increments.push_back({a.id, 0, "stage", "sent", 1});
  auto moved = change;
  moved.decided_on.timeline_entries = 1;  // decided on a timeline that is not the stored one
  EXPECT_EQ(db->record_attempt_changes({moved}).at(0), ChangeRecorded::moved);
  EXPECT_TRUE(opened.ui().daily_counts(a.id, "stage", 0).empty());
  EXPECT_EQ(db->record_attempt_changes({change}).at(0), ChangeRecorded::recorded);
  auto stages = opened.ui().daily_counts(a.id, "stage", 0);
  ASSERT_EQ(stages.size(), 1u);
  EXPECT_EQ(stages[0].key, "sent");
  EXPECT_EQ(stages[0].n, 1);
}

HERALD_ON_EVERY_BACKEND(StorageTest);

}  // namespace
}  // namespace herald::store
