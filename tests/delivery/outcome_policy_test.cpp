#include "delivery/outcome_policy.h"

#include <gtest/gtest.h>

namespace herald::delivery {
namespace {

using domain::Channel;
using domain::MessageStatus;
using domain::Outcome;
using domain::RecipientResult;

store::AttemptState state(int recipients, int attempts = 0, int fail_count = 0) {
  store::AttemptState s;
  s.seq = 7;
  s.queued = true;
  s.store_id = 3;
  s.public_id = "M7";
  s.status = attempts == 0 ? MessageStatus::queued : MessageStatus::deferred;
  s.attempts = attempts;
  s.fail_count = fail_count;
  s.recipient_count = recipients;
  return s;
}

AttemptRecord attempt(std::vector<RecipientResult> results, std::optional<TimeMs> retry_at = {}) {
  AttemptRecord a;
  a.seq = 7;
  a.at = 1000;
  a.results = std::move(results);
  a.retry_at = retry_at;
  a.headers = "Subject: Hi\r\n";
  a.html = "<p>tracked</p>";
  return a;
}

const RecipientResult kSent{"ok@y.no", Outcome::sent, 250, "2.0.0", "", "queued"};
const RecipientResult kFull{"full@y.no", Outcome::deferred, 452, "4.2.2", "mailboxfull", "full"};
const RecipientResult kUnknown{"Unknown@Y.no", Outcome::bounced, 550, "5.1.1", "userunknown", "no"};
const RecipientResult kBlocked{"blocked@y.no", Outcome::bounced, 550, "5.7.1", "blocked", "spam"};
const RecipientResult kRefused{"+4790000000", Outcome::failed, 400, "", "", "invalid"};

TEST(OutcomePolicy, AllSentLeavesTheQueueWithTheSentCopy) {
  auto c = decide_attempt(attempt({kSent}), state(1), 10);
  EXPECT_EQ(c.status, MessageStatus::sent);
  EXPECT_EQ(c.fail_count, 0);
  EXPECT_FALSE(c.requeue);
  EXPECT_EQ(c.html, "<p>tracked</p>");
  EXPECT_EQ(c.headers, "Subject: Hi\r\n");
  EXPECT_FALSE(c.purge_bodies);
  ASSERT_EQ(c.timeline.size(), 1u);
  EXPECT_EQ(c.timeline[0].type, "sent");
  EXPECT_EQ(c.timeline[0].description, "Accepted by the receiving server");
  EXPECT_EQ(c.timeline[0].detail, "ok@y.no: queued");
  EXPECT_EQ(c.timeline[0].recipient, "ok@y.no");
  EXPECT_EQ(c.decided_on.attempts, 0);  // the compare-and-set is on the state decided on
}

TEST(OutcomePolicy, DeferredIsRetriedWhileAttemptsRemainAndKeepsTheStoredHtml) {
  auto c = decide_attempt(attempt({kFull}, 5000), state(1, 2), 4);
  EXPECT_EQ(c.status, MessageStatus::deferred);
  EXPECT_EQ(c.fail_count, 0);
  ASSERT_TRUE(c.requeue);
  EXPECT_EQ(c.requeue->due_at, 5000);
  EXPECT_EQ(c.requeue->attempts, 3);
  EXPECT_EQ(c.requeue->pending, std::vector<std::string>{"full@y.no"});
  EXPECT_TRUE(c.html.empty());  // retries render tracking from the stored HTML
  ASSERT_EQ(c.timeline.size(), 1u);
  EXPECT_EQ(c.timeline[0].type, "deferred");
  EXPECT_NE(c.timeline[0].description.find("(will retry)"), std::string::npos);
}

TEST(OutcomePolicy, DeferredOnTheLastAttemptGivesUp) {
  auto c = decide_attempt(attempt({kFull}, 5000), state(1, 3), 4);
  EXPECT_EQ(c.status, MessageStatus::failed);
  EXPECT_EQ(c.fail_count, 1);
  EXPECT_FALSE(c.requeue);
  ASSERT_EQ(c.timeline.size(), 2u);
  EXPECT_EQ(c.timeline[1].type, "failed");
  EXPECT_EQ(c.timeline[1].status, MessageStatus::failed);
  EXPECT_EQ(c.timeline[1].description,
            "Gave up after 4 attempts: " + domain::describe_reason("mailboxfull"));
  // Without a retry time (the transport said not to) it gives up at once, reason or not.
  auto no_retry = kFull;
  no_retry.reason.clear();
  auto now = decide_attempt(attempt({no_retry}), state(1), 4);
  EXPECT_EQ(now.status, MessageStatus::failed);
  EXPECT_EQ(now.timeline.at(1).description,
            "Gave up after 1 attempts: " + domain::describe_reason("expired"));
}

TEST(OutcomePolicy, HardBounceSuppressesTheAddressSoftDoesNot) {
  auto hard = decide_attempt(attempt({kUnknown}), state(1), 10);
  EXPECT_EQ(hard.status, MessageStatus::bounced);
  ASSERT_EQ(hard.suppressions.size(), 1u);
  EXPECT_EQ(hard.suppressions[0].address, "unknown@y.no");
  EXPECT_EQ(hard.suppressions[0].channel, Channel::email);
  EXPECT_EQ(hard.suppressions[0].reason, "userunknown");
  EXPECT_EQ(hard.suppressions[0].source_message, "M7");
  EXPECT_EQ(hard.suppressions[0].created_at, 1000);
  EXPECT_EQ(hard.timeline.at(0).description, "The address does not exist");

  auto soft = decide_attempt(attempt({kBlocked}), state(1), 10);
  EXPECT_EQ(soft.status, MessageStatus::bounced);
  EXPECT_TRUE(soft.suppressions.empty());
  auto deferred = decide_attempt(attempt({kFull}, 5000), state(1), 10);
  EXPECT_TRUE(deferred.suppressions.empty());
}

TEST(OutcomePolicy, FailedUnlessSomeRecipientBouncedNowOrBefore) {
  auto failed = decide_attempt(attempt({kRefused}), state(1), 10);
  EXPECT_EQ(failed.status, MessageStatus::failed);
  EXPECT_EQ(failed.timeline.at(0).description, "Could not be delivered");
  EXPECT_TRUE(failed.suppressions.empty());

  auto s = state(2, 1, 1);
  s.bounced_before = true;  // the other recipient bounced on an earlier attempt
  auto earlier = decide_attempt(attempt({kRefused}), s, 10);
  EXPECT_EQ(earlier.status, MessageStatus::bounced);
  EXPECT_EQ(earlier.fail_count, 2);
}

TEST(OutcomePolicy, PartialRecipients) {
  // One sent, one deferred, one bounced: retried for the deferred one only.
  auto c = decide_attempt(attempt({kSent, kFull, kUnknown}, 5000), state(3), 10);
  EXPECT_EQ(c.status, MessageStatus::deferred);
  EXPECT_EQ(c.fail_count, 1);
  ASSERT_TRUE(c.requeue);
  EXPECT_EQ(c.requeue->pending, std::vector<std::string>{"full@y.no"});
  ASSERT_EQ(c.timeline.size(), 3u);
  EXPECT_EQ(c.timeline[2].type, "bounced");
  // The retry delivers it: sent, although one recipient failed.
  auto s = state(3, 1, 1);
  s.bounced_before = true;
  auto last = decide_attempt(attempt({{"full@y.no", Outcome::sent, 250, "", "", ""}}), s, 10);
  EXPECT_EQ(last.status, MessageStatus::sent);
  EXPECT_EQ(last.fail_count, 1);
  EXPECT_EQ(last.timeline.at(0).detail, "full@y.no");
  // Every recipient failed: bounced.
  auto all = decide_attempt(attempt({kUnknown, kRefused}), state(2), 10);
  EXPECT_EQ(all.status, MessageStatus::bounced);
  EXPECT_EQ(all.fail_count, 2);
}

TEST(OutcomePolicy, LoggingOffPurgesTheBodyOnlyWhenDone) {
  auto s = state(1);
  s.keep_bodies = false;
  EXPECT_TRUE(decide_attempt(attempt({kSent}), s, 10).purge_bodies);
  EXPECT_TRUE(decide_attempt(attempt({kUnknown}), s, 10).purge_bodies);
  EXPECT_FALSE(decide_attempt(attempt({kFull}, 5000), s, 10).purge_bodies);
  EXPECT_FALSE(decide_attempt(attempt({kSent}), state(1), 10).purge_bodies);
}

TEST(OutcomePolicy, SmsAddressesAreSuppressedOnTheSmsChannel) {
  RecipientResult gone{"+4790000001", Outcome::bounced, 0, "", "userunknown", "no such number"};
  auto c = decide_attempt(attempt({gone}), state(1), 10);
  ASSERT_EQ(c.suppressions.size(), 1u);
  EXPECT_EQ(c.suppressions[0].channel, Channel::sms);
}

TEST(OutcomePolicy, TheChangeCarriesTheFiguresOfItsTimeline) {
  auto first = decide_attempt(attempt({kSent, kUnknown}), state(2), 10);
  ASSERT_EQ(first.figures.increments.size(), 2u);
  EXPECT_EQ(first.figures.increments[0].kind, "stage");
  EXPECT_EQ(first.figures.increments[0].key, "sent");
  EXPECT_EQ(first.figures.increments[0].store_id, 3);
  EXPECT_EQ(first.figures.increments[1].key, "userunknown");
  ASSERT_EQ(first.figures.failures.size(), 1u);
  EXPECT_EQ(first.figures.failures[0].message_seq, 7);
  EXPECT_EQ(first.figures.failures[0].recipient, "Unknown@Y.no");
  EXPECT_EQ(first.figures.failures[0].domain, "y.no");

  // A retry: sent was counted on the first attempt, and the recipient that gives up now is
  // counted once, although it is both deferred and failed on this timeline.
  auto s = state(2, 2);
  s.marks = {{"sent", "ok@y.no"}, {"deferred", "full@y.no"}};
  s.timeline_entries = 3;
  auto last = decide_attempt(attempt({kFull}, 5000), s, 3);
  ASSERT_EQ(last.figures.increments.size(), 1u);
  EXPECT_EQ(last.figures.increments[0].kind, "fail");
  EXPECT_EQ(last.figures.increments[0].key, "mailboxfull");
  EXPECT_EQ(last.decided_on.timeline_entries, 3);

  s.marks.push_back({"bounced", "full@y.no"});  // a bounce report named it already
  EXPECT_TRUE(decide_attempt(attempt({kFull}, 5000), s, 3).figures.empty());
}

}  // namespace
}  // namespace herald::delivery
