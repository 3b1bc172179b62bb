#include "retention/purge.h"

#include <gtest/gtest.h>

#include "delivery/outcome_recorder.h"
#include "store/open_oms_storage.h"
#include "store/open_storage.h"
#include "support/temp_dir.h"

namespace herald::retention {
namespace {

using domain::Channel;
using domain::Outcome;
constexpr TimeMs kDay = 24 * 3600 * 1000;
constexpr TimeMs kNow = 1000 * kDay;

// A store keeping bodies 10 days and rows 30 days, with messages 40, 20 and 1 day old.
struct PurgeTest : ::testing::Test {
  herald::testing::TempDir dir;
  store::Storages opened = store::open_storage("sqlite://" + dir.file("h.db"));
  store::Storage* db = &opened.storage();
  store::StoreRecord shop = make_store("shop", 10, 30);
  store::StoreRecord other = make_store("other", 180, 400);
  int next = 0;

  store::StoreRecord make_store(const std::string& slug, int content, int metadata) {
    store::StoreSettings s;
    s.content_days = content;
    s.metadata_days = metadata;
    return db->create_store(slug, "hash-" + slug, "", s, 1);
  }

  // A message created `days_ago`, sent (or left queued / deferred), with a subject to search.
  std::string add(const store::StoreRecord& st, int days_ago, Outcome outcome,
                  bool attempt = true) {
    const TimeMs at = kNow - days_ago * kDay;
    store::NewMessage m;
    m.public_id = "M" + std::to_string(++next);
    m.channel = Channel::email;
    m.type = "ORDER_PLACED";
    m.to = {"x" + std::to_string(next) + "@y.no"};
    m.search_addresses = m.to;
    m.subject = "Order word" + std::to_string(next);
    m.html = "<p>body</p>";
    store::NewEvent e;
    e.store_id = st.id;
    e.event_id = "e" + std::to_string(next);
    e.type = "ORDER_PLACED";
    e.messages = {m};
    db->accept_events({e}, at);
    if (attempt) {
      auto claimed = db->claim_due(Channel::email, at, 10, at + 1);
      std::vector<delivery::AttemptRecord> recs;
      for (const auto& q : claimed) {
        delivery::AttemptRecord r;
        r.seq = q.seq;
        r.fence = q.fence;
        r.at = at;
        r.results.push_back({q.pending[0], outcome, 250, "", "", ""});
        if (outcome == Outcome::deferred) r.retry_at = kNow + kDay;
        recs.push_back(r);
      }
      delivery::record_attempts(*db, recs, 10);
    }
    return m.public_id;
  }

  bool body_kept(const store::StoreRecord& st, const std::string& id) {
    auto row = db->get_message(st.id, id);
    return row && !db->get_content(st.id, row->seq).expired;
  }
};

TEST_F(PurgeTest, RemovesOldBodiesThenOldRowsButNeverWhatIsStillToBeSent) {
  const auto old_sent = add(shop, 40, Outcome::sent);
  const auto old_queued = add(shop, 40, Outcome::sent, false);
  const auto old_deferred = add(shop, 40, Outcome::deferred);
  const auto middle = add(shop, 20, Outcome::sent);
  const auto fresh = add(shop, 1, Outcome::sent);
  const auto others = add(other, 40, Outcome::sent);

  auto dry = purge_all(*db, *db, kNow, true);
  ASSERT_EQ(dry.size(), 2u);
  EXPECT_EQ(dry[0].store, "shop");
  EXPECT_EQ(dry[0].counts.messages_deleted, 1);
  EXPECT_EQ(dry[0].counts.contents_expired, 1);
  EXPECT_EQ(dry[0].counts.events_deleted, 3);
  EXPECT_EQ(dry[1].counts.messages_deleted + dry[1].counts.contents_expired, 0);
  EXPECT_TRUE(db->get_message(shop.id, old_sent));  // a dry run changes nothing
  EXPECT_TRUE(body_kept(shop, middle));

  auto done = purge_all(*db, *db, kNow, false);
  EXPECT_EQ(done[0].counts.messages_deleted, 1);
  EXPECT_EQ(done[0].counts.contents_expired, 1);
  EXPECT_FALSE(db->get_message(shop.id, old_sent));
  store::MessageQuery by_subject;
  by_subject.subject = "word1";
  EXPECT_TRUE(db->find_messages(shop.id, by_subject).empty());
  EXPECT_TRUE(body_kept(shop, old_queued));
  EXPECT_TRUE(body_kept(shop, old_deferred));
  EXPECT_TRUE(db->get_message(shop.id, middle));
  EXPECT_FALSE(body_kept(shop, middle));
  EXPECT_TRUE(body_kept(shop, fresh));
  EXPECT_TRUE(body_kept(other, others));

  auto again = purge_all(*db, *db, kNow, false);  // nothing left to do
  EXPECT_EQ(again[0].counts.messages_deleted + again[0].counts.contents_expired +
                again[0].counts.events_deleted,
            0);
}

TEST_F(PurgeTest, RemovesOldOmsCallsAndTheStatusesOfOldMetadata) {
  auto oms_storage = store::open_oms_storage("sqlite://" + dir.file("h.db"));
  auto call = [&](const store::StoreRecord& st, int days_ago, const std::string& path) {
    oms_storage->add_oms_call(st.id, {0, kNow - days_ago * kDay, "GET", path, 200, 5, "", ""});
  };
  auto status = [&](const store::StoreRecord& st, int days_ago, const std::string& event) {
    oms_storage->add_oms_status(st.id,
                                {event, "FY-1", "SH-1", "bag_packed", 0, kNow - days_ago * kDay});
  };
  call(shop, 31, "/old");
  call(shop, 29, "/recent");
  call(other, 31, "/other-old");
  status(shop, 31, "s-old");  // shop keeps metadata 30 days
  status(shop, 29, "s-recent");
  status(other, 31, "o-old");  // other keeps metadata 400 days
  const OmsRetention oms{*oms_storage, 30};

  auto dry = purge_all(*db, *db, kNow, true, &oms);
  EXPECT_EQ(dry[0].counts.oms_calls_deleted, 1);
  EXPECT_EQ(dry[0].counts.oms_statuses_deleted, 1);
  EXPECT_EQ(dry[1].counts.oms_calls_deleted, 1) << "the call log's days are every store's";
  EXPECT_EQ(dry[1].counts.oms_statuses_deleted, 0);
  EXPECT_EQ(oms_storage->list_oms_calls(shop.id, 10, std::nullopt).size(), 2u);

  auto done = purge_all(*db, *db, kNow, false, &oms);
  EXPECT_EQ(done[0].counts.oms_calls_deleted, 1);
  EXPECT_EQ(done[0].counts.oms_statuses_deleted, 1);
  const auto calls = oms_storage->list_oms_calls(shop.id, 10, std::nullopt);
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].path, "/recent");
  const auto statuses = oms_storage->oms_statuses(shop.id, "FY-1");
  ASSERT_EQ(statuses.size(), 1u);
  EXPECT_EQ(statuses[0].event_id, "s-recent");
  EXPECT_EQ(oms_storage->oms_statuses(other.id, "FY-1").size(), 1u);
  EXPECT_TRUE(oms_storage->list_oms_calls(other.id, 10, std::nullopt).empty());
}

}  // namespace
}  // namespace herald::retention
