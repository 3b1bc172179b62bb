#include <gtest/gtest.h>

#include "delivery/outcome_recorder.h"
#include "store/backends.h"
#include "store/open_storage.h"
#include "store/storage.h"

namespace herald::store {
namespace {

using domain::Channel;
using domain::Outcome;

// The log shows the HTML as sent (with tracking links); the HTML as rendered stays beside it,
// so that the message can be sent again without the first one's links.
struct SentCopyTest : ::testing::TestWithParam<testing::Backend> {
  testing::BackendDatabase database{GetParam()};
  Storages opened = open_storage(database.url());
  Storage* db = &opened.storage();
  StoreRecord shop = db->create_store("shop", "hash", "", {}, 1);

  std::int64_t queue_email(const std::string& id) {
    NewMessage m;
    m.public_id = id;
    m.channel = Channel::email;
    m.type = "welcome";
    m.to = {"x@y.no"};
    m.search_addresses = {"x@y.no"};
    m.subject = "Hi";
    m.html = "<a href=\"https://shop.example/\">shop</a>";
    NewEvent carrier;
    carrier.store_id = shop.id;
    carrier.messages = {m};
    db->accept_events({carrier}, 10);
    return db->get_message(shop.id, id)->seq;
  }

  void send(std::int64_t seq, const std::string& html) {
    const auto claimed = db->claim_due(Channel::email, 20, 10, 1000);
    ASSERT_EQ(claimed.size(), 1u);
    delivery::record_attempts(
        *db,
        {{seq, 30, {{"x@y.no", Outcome::sent, 250, "", "", ""}}, "", {}, html, claimed[0].fence}},
        3);
  }
};

TEST_P(SentCopyTest, TheTrackedCopyIsShownAndTheRenderedOneKept) {
  const auto seq = queue_email("M1");
  send(seq, "<a href=\"http://h/t/c/TOKEN\">shop</a>");
  const auto c = db->get_content(shop.id, seq);
  EXPECT_EQ(c.html, "<a href=\"http://h/t/c/TOKEN\">shop</a>");
  EXPECT_EQ(c.html_before_tracking, "<a href=\"https://shop.example/\">shop</a>");
}

TEST_P(SentCopyTest, WithoutTrackingOnlyTheRenderedCopyExists) {
  const auto seq = queue_email("M1");
  send(seq, "");
  const auto c = db->get_content(shop.id, seq);
  EXPECT_EQ(c.html, "<a href=\"https://shop.example/\">shop</a>");
  EXPECT_EQ(c.html_before_tracking, "");
}

TEST_P(SentCopyTest, LoggingOffKeepsNeitherCopy) {
  auto settings = shop.settings;
  settings.logging = false;
  db->update_store_settings(shop.id, settings);
  const auto seq = queue_email("M1");
  send(seq, "<a href=\"http://h/t/c/TOKEN\">shop</a>");
  const auto c = db->get_content(shop.id, seq);
  EXPECT_TRUE(c.expired);
  EXPECT_EQ(c.html, "");
  EXPECT_EQ(c.html_before_tracking, "");
}

HERALD_ON_EVERY_BACKEND(SentCopyTest);

}  // namespace
}  // namespace herald::store
