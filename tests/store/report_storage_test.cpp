#include <gtest/gtest.h>

#include "store/backends.h"
#include "store/open_storage.h"
#include "store/storage.h"
#include "store/ui_storage.h"

namespace herald::store {
namespace {

using domain::Channel;
using domain::MessageStatus;

struct ReportStorageTest : ::testing::TestWithParam<testing::Backend> {
  testing::BackendDatabase database{GetParam()};
  Storages opened = open_storage(database.url());
  Storage* db = &opened.storage();
  StoreRecord a = db->create_store("a", "hash-a", "", {}, 1);
  std::int64_t seq = 0;

  ReportStorageTest() {
    NewMessage m;
    m.public_id = "M1";
    m.channel = Channel::email;
    m.type = "ORDER_PLACED";
    m.to = {"a@x.no"};
    m.cc = {"b@x.no"};
    m.search_addresses = m.to;
    NewEvent e;
    e.store_id = a.id;
    e.type = "ORDER_PLACED";
    e.messages = {m};
    db->accept_events({e}, 100);
    seq = db->locate_message("M1")->seq;
  }

  ReportChange change(const MessageReportState& s, const std::string& type,
                      const std::string& recipient, MessageStatus status, int fail_count,
                      TimeMs at) {
    ReportChange c;
    c.seq = seq;
    c.expected_status = s.status;
    c.expected_fail_count = s.fail_count;
    c.expected_timeline_end = s.timeline_end;
    c.expected_timeline_entries = s.timeline_entries;
    c.entry.type = type;
    c.entry.recipient = recipient;
    c.entry.at = at;
    c.entry.description = "words";
    c.status = status;
    c.fail_count = fail_count;
    return c;
  }
};

TEST_P(ReportStorageTest, TheStateIsWhatADecisionNeeds) {
  auto s = db->report_state(seq);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, MessageStatus::queued);
  EXPECT_EQ(s->fail_count, 0);
  EXPECT_EQ(s->recipient_count, 2);
  EXPECT_EQ(s->timeline_end, 100);  // the queued entry
  EXPECT_FALSE(db->report_state(seq + 1000));
}

TEST_P(ReportStorageTest, ADecidedChangeIsRecordedAsGiven) {
  auto s = *db->report_state(seq);
  ASSERT_TRUE(db->record_report(change(s, "bounced", "a@x.no", MessageStatus::sent, 1, 500)));
  auto row = *db->get_message(a.id, "M1");
  EXPECT_EQ(row.status, MessageStatus::sent);
  EXPECT_EQ(row.fail_count, 1);
  EXPECT_EQ(row.updated_at, 500);
  auto timeline = db->get_timeline(a.id, seq);
  ASSERT_EQ(timeline.back().type, "bounced");
  EXPECT_EQ(timeline.back().status, MessageStatus::sent);
  EXPECT_EQ(timeline.back().at, 500);

  auto after = *db->report_state(seq);
  EXPECT_EQ(after.timeline_end, 500);
  ASSERT_EQ(after.marks.size(), 1u);
  EXPECT_EQ(after.marks[0].type, "bounced");
  EXPECT_EQ(after.marks[0].recipient, "a@x.no");
}

TEST_P(ReportStorageTest, AChangeDecidedOnAStaleStateIsNotRecorded) {
  auto s = *db->report_state(seq);
  ASSERT_TRUE(
      db->record_report(change(s, "delivered", "a@x.no", MessageStatus::delivered, 0, 300)));
  // Decided on the same state as the one that won: status, fail_count or timeline moved on.
  EXPECT_FALSE(db->record_report(change(s, "bounced", "b@x.no", MessageStatus::queued, 1, 200)));
  auto stale_end = *db->report_state(seq);
  stale_end.timeline_end = 100;
  EXPECT_FALSE(db->record_report(change(stale_end, "opened", "", MessageStatus::opened, 0, 400)));
  auto row = *db->get_message(a.id, "M1");
  EXPECT_EQ(row.status, MessageStatus::delivered);
  EXPECT_EQ(row.fail_count, 0);
  EXPECT_EQ(db->get_timeline(a.id, seq).size(), 2u);  // queued, delivered
}

TEST_P(ReportStorageTest, TheFiguresAChangeCarriesAreWrittenWithItOnly) {
  auto s = *db->report_state(seq);
  EXPECT_EQ(s.store_id, a.id);
  EXPECT_EQ(s.timeline_entries, 0);
  auto bounce = change(s, "bounced", "a@x.no", MessageStatus::sent, 1, 500);
  bounce.figures.increments.push_back({a.id, 0, "fail", "userunknown", 1});
  bounce.figures.failures.push_back({a.id, seq, "a@x.no", "userunknown", "x.no", 500});
  auto stale = bounce;  // decided on the same state: loses
  ASSERT_TRUE(db->record_report(bounce));
  EXPECT_FALSE(db->record_report(stale));
  EXPECT_EQ(db->report_state(seq)->timeline_entries, 1);

  auto& ui = opened.ui();
  auto fails = ui.daily_counts(a.id, "fail", 0);
  ASSERT_EQ(fails.size(), 1u);
  EXPECT_EQ(fails[0].key, "userunknown");
  EXPECT_EQ(fails[0].n, 1);
  FailureQuery q;
  q.domain = "x.no";
  auto rows = ui.find_failures(a.id, q);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].recipient, "a@x.no");
  EXPECT_EQ(rows[0].failed_at, 500);
}

TEST_P(ReportStorageTest, TheFailureLogNamesOneRecipientWhenSeveralFailedAtOnce) {
  auto s = *db->report_state(seq);
  auto bounce = change(s, "bounced", "", MessageStatus::bounced, 2, 500);
  bounce.figures.failures.push_back({a.id, seq, "b@x.no", "userunknown", "x.no", 500});
  bounce.figures.failures.push_back({a.id, seq, "a@x.no", "userunknown", "x.no", 500});
  ASSERT_TRUE(db->record_report(bounce));
  auto& ui = opened.ui();
  FailureQuery any, by_domain, by_reason;
  by_domain.domain = "x.no";
  by_reason.reason = "userunknown";
  for (const auto& q : {any, by_domain, by_reason}) {
    auto rows = ui.find_failures(a.id, q);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].recipient, "b@x.no");  // of those at the same time, the last in byte order
    EXPECT_EQ(rows[0].failed_at, 500);
  }
}

TEST_P(ReportStorageTest, AnEntryAddedMeanwhileOnTheSameTimeMakesTheChangeStale) {
  auto s = *db->report_state(seq);
  ASSERT_TRUE(db->record_report(change(s, "opened", "", MessageStatus::opened, 0, 100)));
  // Same status, fail_count and timeline end as before the first; only the length moved.
  s.status = MessageStatus::opened;
  auto again = change(s, "opened", "", MessageStatus::opened, 0, 100);
  again.expected_timeline_end = 100;
  EXPECT_FALSE(db->record_report(again));
  EXPECT_EQ(db->get_timeline(a.id, seq).size(), 2u);  // queued, opened
}

HERALD_ON_EVERY_BACKEND(ReportStorageTest);

}  // namespace
}  // namespace herald::store
