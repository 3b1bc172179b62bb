// The outcome recorder against a queue of its own: it needs the queue role of storage and
// nothing else, so a small fake stands in for the database and plays the other writer.
#include "delivery/outcome_recorder.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace herald::delivery {
namespace {

using domain::Outcome;

// One queued message whose stored state the test sets; `moves` makes that many recordings
// answer `moved`, as when another writer changed the message in between.
class FakeQueue : public store::QueueStorage {
 public:
  store::AttemptState state;
  int moves = 0;
  int reads = 0;
  bool fenced = false;  // the message was claimed again under a newer fencing number
  std::vector<store::AttemptChange> recorded;

  std::vector<store::QueuedMessage> claim_due(domain::Channel, TimeMs, int, TimeMs) override {
    return {};
  }
  std::vector<store::AttemptState> attempt_states(const std::vector<std::int64_t>& seqs) override {
    ++reads;
    EXPECT_EQ(seqs, std::vector<std::int64_t>{state.seq});
    return {state};
  }
  std::vector<store::ChangeRecorded> record_attempt_changes(
      const std::vector<store::AttemptChange>& changes) override {
    EXPECT_EQ(changes.size(), 1u);
    if (fenced) return {store::ChangeRecorded::fenced};
    if (moves > 0) {
      --moves;
      state.timeline_entries += 1;  // the other writer's entry
      return {store::ChangeRecorded::moved};
    }
    recorded.insert(recorded.end(), changes.begin(), changes.end());
    return {store::ChangeRecorded::recorded};
  }
  std::optional<TimeMs> next_due(domain::Channel) override { return std::nullopt; }
  void release_leases() override {}
  void renew_leases(TimeMs) override {}
};

AttemptRecord sent_attempt(std::int64_t seq) {
  AttemptRecord r;
  r.seq = seq;
  r.at = 5000;
  r.results.push_back({"a@example.no", Outcome::sent, 250, "2.0.0", "", "250 2.0.0 Ok"});
  return r;
}

struct OutcomeRecorderTest : ::testing::Test {
  FakeQueue queue;
  void SetUp() override {
    queue.state.seq = 7;
    queue.state.queued = true;
    queue.state.store_id = 1;
    queue.state.public_id = "M7";
    queue.state.recipient_count = 1;
  }
};

TEST_F(OutcomeRecorderTest, RecordsTheDecidedChangeOnTheStateItRead) {
  record_attempts(queue, {sent_attempt(7)}, 5);
  ASSERT_EQ(queue.recorded.size(), 1u);
  EXPECT_EQ(queue.reads, 1);
  EXPECT_EQ(queue.recorded[0].decided_on.timeline_entries, 0);
  EXPECT_EQ(queue.recorded[0].status, domain::MessageStatus::sent);
  EXPECT_FALSE(queue.recorded[0].requeue);
}

TEST_F(OutcomeRecorderTest, AMessageThatMovedIsReadAgainAndDecidedOnItsNewState) {
  queue.moves = 2;
  record_attempts(queue, {sent_attempt(7)}, 5);
  EXPECT_EQ(queue.reads, 3);
  ASSERT_EQ(queue.recorded.size(), 1u);
  EXPECT_EQ(queue.recorded[0].decided_on.timeline_entries, 2);
}

TEST_F(OutcomeRecorderTest, AMessageThatLeftTheQueueIsLeftAsItIs) {
  queue.state.queued = false;  // a worker whose lease expired recorded it already
  record_attempts(queue, {sent_attempt(7)}, 5);
  EXPECT_EQ(queue.reads, 1);
  EXPECT_TRUE(queue.recorded.empty());
}

TEST_F(OutcomeRecorderTest, AnAttemptUnderAClaimThatWasTakenOverIsLeftToTheNewOwner) {
  queue.fenced = true;
  auto attempt = sent_attempt(7);
  attempt.fence = 3;
  record_attempts(queue, {attempt}, 5);
  EXPECT_EQ(queue.reads, 1);  // not read and decided again
  EXPECT_TRUE(queue.recorded.empty());
}

TEST_F(OutcomeRecorderTest, TheChangeCarriesTheFencingNumberOfItsClaim) {
  auto attempt = sent_attempt(7);
  attempt.fence = 42;
  record_attempts(queue, {attempt}, 5);
  ASSERT_EQ(queue.recorded.size(), 1u);
  EXPECT_EQ(queue.recorded[0].fence, 42);
}

TEST_F(OutcomeRecorderTest, GivesUpWithUnavailableWhenTheMessageNeverStopsMoving) {
  queue.moves = 1000;
  try {
    record_attempts(queue, {sent_attempt(7)}, 5);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
  }
  EXPECT_TRUE(queue.recorded.empty());
}

}  // namespace
}  // namespace herald::delivery
