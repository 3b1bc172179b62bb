#include "intake/suppression_check.h"

#include <gtest/gtest.h>

#include "store/open_storage.h"
#include "support/temp_dir.h"

namespace herald::intake {
namespace {

using domain::Channel;
using domain::MessageStatus;

store::NewMessage message(std::vector<std::string> to, std::vector<std::string> cc = {}) {
  store::NewMessage m;
  m.public_id = "M1";
  m.channel = Channel::email;
  m.to = std::move(to);
  m.cc = std::move(cc);
  m.search_addresses = m.to;
  m.search_addresses.insert(m.search_addresses.end(), m.cc.begin(), m.cc.end());
  return m;
}

store::Suppression listed(const std::string& reason) {
  store::Suppression s;
  s.reason = reason;
  return s;
}

TEST(SuppressionCheck, NobodyListedIsQueuedAsIs) {
  auto m = message({"a@y.no"});
  EXPECT_FALSE(hold_suppressed(m, {std::nullopt}, 10));
  EXPECT_EQ(m.status, MessageStatus::queued);
  EXPECT_TRUE(m.held.empty());
}

TEST(SuppressionCheck, SomeRecipientsListedAreHeldBackTheRestQueued) {
  auto m = message({"a@y.no"}, {"b@y.no", "c@y.no"});
  EXPECT_FALSE(hold_suppressed(m, {std::nullopt, listed("userunknown"), std::nullopt}, 10));
  EXPECT_EQ(m.status, MessageStatus::queued);
  ASSERT_EQ(m.held.size(), 1u);
  EXPECT_EQ(m.held[0].index, 1u);
  const auto& e = m.held[0].entry;
  EXPECT_EQ(e.at, 10);
  EXPECT_EQ(e.type, "suppressed");
  EXPECT_EQ(e.status, MessageStatus::suppressed);
  EXPECT_EQ(e.reason, "userunknown");
  EXPECT_EQ(e.description, domain::describe_reason("suppressed"));
  EXPECT_EQ(e.detail, "on the suppression list: userunknown");
  EXPECT_EQ(e.recipient, "b@y.no");
}

TEST(SuppressionCheck, EveryRecipientListedSuppressesTheMessage) {
  auto m = message({"a@y.no"}, {"b@y.no"});
  EXPECT_TRUE(hold_suppressed(m, {listed("manual"), listed("feedback")}, 10));
  EXPECT_EQ(m.status, MessageStatus::suppressed);
  EXPECT_EQ(m.held.size(), 2u);
}

TEST(SuppressionCheck, AnOrderEventListsTheSuppressedMessageAsSkippedAMessageAloneDoesNot) {
  testing::TempDir dir;
  auto opened = store::open_storage("sqlite://" + dir.file("h.db"));
  auto& db = opened.storage();
  const auto shop = db.create_store("shop", "hash", "", {}, 1);
  const auto other = db.create_store("other", "hash-other", "", {}, 1);
  store::Suppression gone;
  gone.channel = Channel::email;
  gone.address = "gone@y.no";
  gone.reason = "userunknown";
  db.put_suppression(shop.id, gone);
  gone.address = "later@y.no";
  gone.expires_at = 50;
  db.put_suppression(shop.id, gone);

  std::vector<store::NewEvent> events(3);
  events[0].store_id = shop.id;
  events[0].event_id = "e1";
  events[0].messages = {message({"gone@y.no"})};
  events[1].store_id = shop.id;  // a message on its own (POST /v1/messages)
  events[1].messages = {message({"gone@y.no"}), message({"later@y.no"})};
  events[2].store_id = other.id;  // another store's list
  events[2].event_id = "e2";
  events[2].messages = {message({"gone@y.no"})};
  check_suppressions(db, events, 40);
  EXPECT_EQ(events[0].messages[0].status, MessageStatus::suppressed);
  ASSERT_EQ(events[0].skipped.size(), 1u);
  EXPECT_EQ(events[0].skipped[0].reason, "suppressed");
  EXPECT_EQ(events[1].messages[0].status, MessageStatus::suppressed);
  EXPECT_EQ(events[1].messages[1].status, MessageStatus::suppressed);  // not expired at 40
  EXPECT_TRUE(events[1].skipped.empty());
  EXPECT_EQ(events[2].messages[0].status, MessageStatus::queued);
  EXPECT_TRUE(events[2].skipped.empty());

  check_suppressions(db, events, 40);  // checked again: still one entry
  EXPECT_EQ(events[0].skipped.size(), 1u);

  auto later = message({"later@y.no"});
  check_suppressions(db, shop.id, later, 60);  // expired by then
  EXPECT_EQ(later.status, MessageStatus::queued);
}

}  // namespace
}  // namespace herald::intake
