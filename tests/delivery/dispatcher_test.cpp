#include "delivery/dispatcher.h"

#include <gtest/gtest.h>

#include <functional>

#include "delivery/dispatcher_fixture.h"
#include "providers/kannel/kannel_events.h"

namespace herald::delivery {
namespace {

using domain::Channel;
using domain::MessageStatus;
using domain::Outcome;

struct DispatcherTest : testing_support::DispatcherFixture {
  DispatcherConfig config = [] {
    DispatcherConfig c;
    c.retry = {60, 300, 4};
    c.public_url = "http://127.0.0.1:8080";
    c.sms_status_url = [](const std::string& id) {
      return providers::kannel_status_url("http://127.0.0.1:8080", id, "tok");
    };
    c.sms_sender = "SHOP";
    c.bounce_domain = "example.com";
    return c;
  }();
  Dispatcher dispatcher{*db, clock, metrics, config, nullptr, nullptr};

  std::string queue(Channel ch, std::vector<std::string> to, std::vector<std::string> cc = {}) {
    store::NewMessage m;
    m.channel = ch;
    m.type = "ORDER_PLACED";
    m.to = std::move(to);
    m.cc = std::move(cc);
    m.subject = "Hi";
    m.text = "Hello";
    m.sms = "Hello";
    return queue_message(std::move(m), "ORDER_PLACED");
  }
  int run(Channel ch) { return dispatcher.run_once(ch, &email, &sms); }
};

TEST_F(DispatcherTest, SendsAndRecordsWhatTheRelayAnswered) {
  auto id = queue(Channel::email, {"sara@test.no"});
  EXPECT_EQ(run(Channel::email), 1);
  ASSERT_EQ(email.sent.size(), 1u);
  EXPECT_EQ(email.sent[0].message_id, id + "@example.com");
  EXPECT_EQ(email.sent[0].return_path, "bounce+" + id + "@example.com");
  EXPECT_EQ(row(id).status, MessageStatus::sent);
  EXPECT_EQ(db->get_content(shop.id, row(id).seq).headers,
            "Message-ID: <" + id + "@example.com>\r\n");
  EXPECT_EQ(run(Channel::email), 0);
}

TEST_F(DispatcherTest, RetriesOnlyDeferredRecipientsWithBackoff) {
  email.script["full@test.no"] = {Outcome::deferred, Outcome::deferred};
  auto id = queue(Channel::email, {"ok@test.no"}, {"full@test.no"});
  run(Channel::email);
  EXPECT_EQ(row(id).status, MessageStatus::deferred);
  clock.advance_ms(59'000);
  EXPECT_EQ(run(Channel::email), 0);  // not due before the first backoff (60 s)
  clock.advance_ms(1'000);
  EXPECT_EQ(run(Channel::email), 1);
  ASSERT_EQ(email.sent.size(), 2u);
  EXPECT_EQ(email.sent[1].envelope, std::vector<std::string>{"full@test.no"});
  clock.advance_ms(119'000);
  EXPECT_EQ(run(Channel::email), 0);  // the second backoff doubles (120 s)
  clock.advance_ms(1'000);
  EXPECT_EQ(run(Channel::email), 1);
  EXPECT_EQ(row(id).status, MessageStatus::sent);
  EXPECT_EQ(row(id).fail_count, 0);
  EXPECT_EQ(email.sent.size(), 3u);
}

TEST_F(DispatcherTest, GivesUpAfterMaxAttempts) {
  email.script["full@test.no"] = std::vector<Outcome>(10, Outcome::deferred);
  auto id = queue(Channel::email, {"full@test.no"});
  for (int i = 0; i < 10; ++i) {
    run(Channel::email);
    clock.advance_ms(300'000);
  }
  EXPECT_EQ(email.sent.size(), 4u);
  EXPECT_EQ(row(id).status, MessageStatus::failed);
  EXPECT_EQ(row(id).fail_count, 1);
  auto timeline = db->get_timeline(shop.id, row(id).seq);
  EXPECT_EQ(timeline.back().type, "failed");
  EXPECT_EQ(timeline.back().reason, "mailboxfull");
}

TEST_F(DispatcherTest, ABounceIsFinal) {
  email.script["unknown@test.no"] = {Outcome::bounced};
  auto id = queue(Channel::email, {"unknown@test.no"});
  run(Channel::email);
  clock.advance_ms(3'600'000);
  EXPECT_EQ(run(Channel::email), 0);
  EXPECT_EQ(row(id).status, MessageStatus::bounced);
  EXPECT_EQ(row(id).fail_count, 1);
}

TEST_F(DispatcherTest, SmsCarriesADeliveryReportUrl) {
  auto id = queue(Channel::sms, {"+4790000000"});
  EXPECT_EQ(run(Channel::sms), 1);
  ASSERT_EQ(sms.sent.size(), 1u);
  EXPECT_EQ(sms.sent[0].to, "+4790000000");
  EXPECT_EQ(sms.sent[0].from, "SHOP");
  EXPECT_EQ(
      sms.sent[0].dlr_url.rfind("http://127.0.0.1:8080/v1/providers/kannel/events?id=" + id, 0),
      0u);
  EXPECT_NE(sms.sent[0].dlr_url.find("%d"), std::string::npos);
  EXPECT_EQ(row(id).status, MessageStatus::sent);
}

TEST_F(DispatcherTest, WorkInFlightAtACrashIsSentAfterRestart) {
  auto id = queue(Channel::email, {"sara@test.no"});
  // A worker claimed it and the process died before recording the outcome.
  ASSERT_EQ(db->claim_due(Channel::email, clock.now_ms(), 10, clock.now_ms() + 600'000).size(), 1u);
  EXPECT_EQ(run(Channel::email), 0);
  db->release_leases();  // what Dispatcher::start does on the next start
  EXPECT_EQ(run(Channel::email), 1);
  EXPECT_EQ(row(id).status, MessageStatus::sent);
}

// Sends like ScriptedEmail, and before each send reads what the log says of the messages
// sent before it.
struct CheckingEmail : testing_support::ScriptedEmail {
  std::function<void()> before_send;
  EmailSendResult send(const OutgoingEmail& email) override {
    before_send();
    return ScriptedEmail::send(email);
  }
};

TEST_F(DispatcherTest, EachOutcomeIsCommittedBeforeTheNextSend) {
  std::vector<std::string> ids;
  for (int i = 0; i < 6; ++i)
    ids.push_back(queue(Channel::email, {"k" + std::to_string(i) + "@test.no"}));
  CheckingEmail checking;
  checking.before_send = [&] {
    const std::size_t sent_before = checking.sent.size();
    for (std::size_t i = 0; i < ids.size(); ++i)
      EXPECT_EQ(row(ids[i]).status, i < sent_before ? MessageStatus::sent : MessageStatus::queued)
          << "before send " << sent_before << ": message " << i;
  };
  EXPECT_EQ(dispatcher.run_once(Channel::email, &checking, &sms), 6);
  EXPECT_EQ(checking.sent.size(), 6u);
}

TEST(RetryPolicy, DoublesUpToTheCap) {
  RetryPolicy p{60, 300, 10};
  EXPECT_EQ(p.delay_ms(1), 60'000);
  EXPECT_EQ(p.delay_ms(2), 120'000);
  EXPECT_EQ(p.delay_ms(3), 240'000);
  EXPECT_EQ(p.delay_ms(4), 300'000);
  EXPECT_EQ(p.delay_ms(40), 300'000);
}

}  // namespace
}  // namespace herald::delivery
