// The log reads used by the pages: long subject words, date-ordered pages, "Newer" pages,
// order filters through the partial index, the dashboard / failure tables and what an order's
// events skipped.
#include <gtest/gtest.h>

#include "delivery/outcome_recorder.h"
#include "intake/event_recorder.h"
#include "orders/order_status_service.h"
#include "store/backends.h"
#include "store/open_storage.h"
#include "store/storage.h"
#include "store/ui_storage.h"

namespace herald::store {
namespace {

using delivery::AttemptRecord;
using domain::Channel;

struct LogQueryTest : ::testing::TestWithParam<testing::Backend> {
  testing::BackendDatabase database{GetParam()};
  Storages opened = open_storage(database.url());
  Storage* db = &opened.storage();
  UiStorage* ui = &opened.ui();
  StoreRecord a = db->create_store("a", "hash-a", "", {}, 1);
  orders::OrderStatusService order_statuses{opened.orders()};

  void add(int i, TimeMs at, const std::string& subject, const std::string& from = "") {
    NewEvent e;
    e.store_id = a.id;
    NewMessage m;
    m.public_id = "M" + std::to_string(i);
    m.type = "ORDER_PLACED";
    m.order_id = "O-" + std::to_string(i % 2);
    m.to = {"x@y.no"};
    m.search_addresses = {"x@y.no"};
    m.subject = subject;
    m.from = from;
    e.messages.push_back(m);
    std::vector<NewEvent> events{e};
    intake::record_events(*db, *db, order_statuses, events, at);  // counted as intake counts it
  }
};

TEST_P(LogQueryTest, LongSubjectWordsAreFoundByTheirPrefix) {
  add(1, 10, "Ordrebekreftelse for KRT-1001");
  add(2, 11, "Kvittering");
  MessageQuery q;
  q.subject = "ordrebekreftelse";
  ASSERT_EQ(db->find_messages(a.id, q).size(), 1u);
  q.subject = "ORDREBEKR krt";
  EXPECT_EQ(db->find_messages(a.id, q).size(), 1u);
  q.subject = "kvittering ordre";
  EXPECT_TRUE(db->find_messages(a.id, q).empty());
}

TEST_P(LogQueryTest, AnAddressBothInToAndInCcFindsTheMessageOnce) {
  NewEvent e;
  e.store_id = a.id;
  NewMessage m;
  m.public_id = "M1";
  m.type = "ORDER_PLACED";
  m.to = {"Kari@Y.no"};
  m.cc = {"kari@y.no", "per@y.no"};
  m.search_addresses = {"kari@y.no", "kari@y.no", "per@y.no"};  // normalized, as intake does
  e.messages.push_back(m);
  std::vector<NewEvent> events{e};
  intake::record_events(*db, *db, order_statuses, events, 10);
  MessageQuery q;
  q.address = "kari@y.no";
  ASSERT_EQ(db->find_messages(a.id, q).size(), 1u);
  q.address = "per@y.no";
  EXPECT_EQ(db->find_messages(a.id, q).size(), 1u);
}

TEST_P(LogQueryTest, SenderTextMatchesEverySenderThatContainsIt) {
  add(1, 10, "a", "orders@shop.no");
  add(2, 11, "b", "Orders@Shop.no");
  add(3, 12, "c", "news@shop.no");
  add(4, 13, "d", "orders@other.no");
  add(5, 14, "e", "");
  auto count = [&](const std::string& from) {
    MessageQuery q;
    q.from = from;
    return db->find_messages(a.id, q).size();
  };
  EXPECT_EQ(count("orders@shop.no"), 2u);  // a whole address, any case
  EXPECT_EQ(count("ORDERS"), 3u);
  EXPECT_EQ(count("shop.no"), 3u);
  EXPECT_EQ(count("@"), 4u);
  EXPECT_EQ(count("nobody"), 0u);
  MessageQuery paged;  // the sender filter combines with the keyset cursor
  paged.from = "orders";
  paged.limit = 2;
  auto first = db->find_messages(a.id, paged);
  ASSERT_EQ(first.size(), 2u);
  paged.before_seq = first.back().seq;
  EXPECT_EQ(db->find_messages(a.id, paged).size(), 1u);
}

TEST_P(LogQueryTest, DateFilteredPagesFollowTheCursorBothWays) {
  for (int i = 0; i < 7; ++i) add(i, 1000 + i, "Hei " + std::to_string(i));
  MessageQuery q;
  q.since = 1001;
  q.until = 1005;
  q.limit = 2;
  auto p1 = db->find_messages(a.id, q);
  ASSERT_EQ(p1.size(), 2u);
  EXPECT_EQ(p1[0].created_at, 1005);
  q.before_seq = p1.back().seq;
  auto p2 = db->find_messages(a.id, q);
  ASSERT_EQ(p2.size(), 2u);
  EXPECT_EQ(p2[0].created_at, 1003);
  q.before_seq = p2.back().seq;
  auto p3 = db->find_messages(a.id, q);
  ASSERT_EQ(p3.size(), 1u);
  EXPECT_EQ(p3[0].created_at, 1001);
  q.before_seq.reset();
  q.after_seq = p3[0].seq;  // "Newer": back to page 2, still newest first
  auto back = db->find_messages(a.id, q);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].seq, p2[0].seq);
  EXPECT_EQ(back[1].seq, p2[1].seq);
}

TEST_P(LogQueryTest, NewerPagesWithoutDatesAndOrderFilter) {
  for (int i = 0; i < 5; ++i) add(i, 1000 + i, "Hei");
  MessageQuery q;
  q.order_id = "O-0";
  EXPECT_EQ(db->find_messages(a.id, q).size(), 3u);
  MessageQuery all;
  all.limit = 2;
  auto p1 = db->find_messages(a.id, all);
  all.before_seq = p1.back().seq;
  auto p2 = db->find_messages(a.id, all);
  all.before_seq.reset();
  all.after_seq = p2.front().seq;
  auto back = db->find_messages(a.id, all);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].seq, p1[0].seq);
}

TEST_P(LogQueryTest, CountersAndFailuresAreKeptWithEachChange) {
  add(1, 86'400'000 * 3 + 5, "Hei");
  auto row = db->find_messages(a.id, {}).at(0);
  AttemptRecord attempt;
  attempt.seq = row.seq;
  attempt.at = 86'400'000 * 3 + 6;
  attempt.results.push_back(
      {"x@y.no", domain::Outcome::bounced, 550, "5.1.1", "userunknown", "no"});
  delivery::record_attempts(*db, {attempt}, 5);
  auto channels = ui->daily_counts(a.id, "channel", 0);
  ASSERT_EQ(channels.size(), 1u);
  EXPECT_EQ(channels[0].day, 3);
  EXPECT_EQ(channels[0].key, "email");
  EXPECT_EQ(channels[0].n, 1);
  auto fails = ui->daily_counts(a.id, "fail", 0);
  ASSERT_EQ(fails.size(), 1u);
  EXPECT_EQ(fails[0].key, "userunknown");
  FailureQuery fq;
  fq.domain = "y.no";
  auto rows = ui->find_failures(a.id, fq);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].message.id, row.id);
  EXPECT_EQ(rows[0].recipient, "x@y.no");
  fq.domain = "z.no";
  EXPECT_TRUE(ui->find_failures(a.id, fq).empty());
}

TEST_P(LogQueryTest, AnOrdersSkipsAreReadBackNewestFirst) {
  auto event = [&](const std::string& id, const std::string& order, std::vector<Skipped> skipped) {
    NewEvent e;
    e.store_id = a.id;
    e.event_id = id;
    e.type = "ORDER_PLACED";
    e.order_id = order;
    e.skipped = std::move(skipped);
    std::vector<NewEvent> events{e};
    intake::record_events(*db, *db, order_statuses, events, 1000);
  };
  event("e1", "O-1", {{Channel::email, "no_template", "ORDER_PLACED"}});
  event("e2", "O-1", {});
  event("e3", "O-2", {{Channel::sms, "no_phone", ""}});
  event("e4", "O-1", {{Channel::email, "invalid_email", "x@"}, {Channel::sms, "no_phone", ""}});
  auto found = ui->skipped_events(a.id, "O-1", 10);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].event_id, "e4");
  ASSERT_EQ(found[0].skipped.size(), 2u);
  EXPECT_EQ(found[0].skipped[0].reason, "invalid_email");
  EXPECT_EQ(found[0].skipped[0].detail, "x@");
  EXPECT_EQ(found[0].skipped[1].channel, Channel::sms);
  EXPECT_EQ(found[1].event_id, "e1");
  EXPECT_EQ(found[1].type, "ORDER_PLACED");
  EXPECT_EQ(found[1].received_at, 1000);
  EXPECT_EQ(ui->skipped_events(a.id, "O-1", 1).size(), 1u);
  EXPECT_TRUE(ui->skipped_events(a.id + 1, "O-1", 10).empty());
}

HERALD_ON_EVERY_BACKEND(LogQueryTest);

}  // namespace
}  // namespace herald::store
