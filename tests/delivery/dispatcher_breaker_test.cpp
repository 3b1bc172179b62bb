// The dispatcher with a relay that cannot be reached: after a few failed sessions its messages
// are deferred at once, with the reason on their timeline, until a probe finds it back.
#include <gtest/gtest.h>

#include "delivery/dispatcher.h"
#include "delivery/dispatcher_fixture.h"

namespace herald::delivery {
namespace {

using domain::Channel;
using domain::MessageStatus;
using domain::Outcome;

// A relay that accepts no session while `down`, and takes everything otherwise.
class FlakyRelay : public EmailTransport {
 public:
  bool down = true;
  int sessions_tried = 0;

  EmailSendResult send(const OutgoingEmail& email) override {
    ++sessions_tried;
    EmailSendResult out;
    for (const auto& r : email.to) {
      if (down)
        out.recipients.push_back({r, Outcome::deferred, 0, "", "networkerror",
                                  "connected, but the relay sent no greeting within 10 s"});
      else
        out.recipients.push_back({r, Outcome::sent, 250, "2.0.0", "", "250 2.0.0 Ok"});
    }
    if (down) out.relay_unreachable = "connected, but the relay sent no greeting within 10 s";
    return out;
  }
};

struct DispatcherBreakerTest : testing_support::DispatcherFixture {
  FlakyRelay relay;
  DispatcherConfig config = [] {
    DispatcherConfig c;
    c.retry = {1, 2, 100};
    c.bounce_domain = "example.com";
    c.email_relay = "smtp://relay.test:25";
    c.email_breaker = {3, 20'000};
    return c;
  }();
  Dispatcher dispatcher{*db, clock, metrics, config, nullptr, nullptr};

  std::string queue_email(int i) {
    store::NewMessage m;
    m.channel = Channel::email;
    m.type = "ORDER_PLACED";
    m.to = {"kunde" + std::to_string(i) + "@test.no"};
    m.subject = "Hi";
    m.text = "Hello";
    return queue_message(std::move(m), "ORDER_PLACED");
  }
  int run() { return dispatcher.run_once(Channel::email, &relay, nullptr); }
};

TEST_F(DispatcherBreakerTest, ASilentRelayCostsAFewSessionsThenDefersAtOnce) {
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.push_back(queue_email(i));
  EXPECT_EQ(run(), 16);  // one claimed batch
  EXPECT_EQ(run(), 4);
  EXPECT_EQ(relay.sessions_tried, 3);
  for (const auto& id : ids) {
    EXPECT_EQ(row(id).status, MessageStatus::deferred) << id;
    const auto timeline = db->get_timeline(shop.id, row(id).seq);
    ASSERT_FALSE(timeline.empty());
    EXPECT_EQ(timeline.back().reason, "networkerror");
  }
  const auto last = db->get_timeline(shop.id, row(ids.back()).seq).back();
  EXPECT_NE(last.detail.find("not tried: relay smtp://relay.test:25 is down"), std::string::npos)
      << last.detail;
  EXPECT_NE(last.description.find("will retry"), std::string::npos) << last.description;
}

TEST_F(DispatcherBreakerTest, DeferredMessagesAreDueWhenTheRelayMayBeTriedAgain) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(queue_email(i));
  run();  // three sessions fail, the relay counts as down, two are deferred at once
  clock.advance_ms(1'000);
  EXPECT_EQ(run(), 3);  // the three tried come due after the 1 s backoff, and are not tried
  EXPECT_EQ(relay.sessions_tried, 3);
  clock.advance_ms(18'000);
  EXPECT_EQ(run(), 0);  // none is due before the cool-down (20 s) ends
  relay.down = false;
  clock.advance_ms(1'000);
  EXPECT_EQ(run(), 5);  // the probe opens a session; the rest follow on the same pass
  EXPECT_EQ(relay.sessions_tried, 3 + 5);
  for (const auto& id : ids) EXPECT_EQ(row(id).status, MessageStatus::sent) << id;
}

TEST_F(DispatcherBreakerTest, AFailedProbeDefersTheRestAgain) {
  for (int i = 0; i < 6; ++i) queue_email(i);
  run();
  EXPECT_EQ(relay.sessions_tried, 3);
  clock.advance_ms(20'000);
  EXPECT_EQ(run(), 6);
  EXPECT_EQ(relay.sessions_tried, 4);  // one probe, still down
}

}  // namespace
}  // namespace herald::delivery
