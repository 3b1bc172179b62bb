#include "feedback/report_service.h"

#include <gtest/gtest.h>

#include <map>

#include "common/error.h"
#include "feedback/report_sources.h"

namespace herald::feedback {
namespace {

using domain::MessageStatus;

// One message kept in memory. `before_record` runs before each compare-and-set: a test makes
// another writer change the message there.
struct FakeStorage : store::ReportStorage, store::SuppressionStorage {
  store::MessageLocator message;
  store::MessageReportState state;
  std::map<std::string, std::string> refs;  // provider ref -> Herald id
  std::vector<store::ReportChange> attempted, recorded;
  std::vector<store::Suppression> suppressed;
  std::function<void()> before_record = [] {};

  std::optional<store::MessageLocator> locate_message(const std::string& id) override {
    if (id == message.id) return message;
    return std::nullopt;
  }
  std::optional<store::MessageLocator> locate_by_provider_ref(const std::string& provider,
                                                              const std::string& ref) override {
    auto it = refs.find(provider + ":" + ref);
    return it == refs.end() ? std::nullopt : locate_message(it->second);
  }
  void add_provider_ref(std::int64_t seq, const std::string& provider,
                        const std::string& ref) override {
    if (seq == message.seq) refs[provider + ":" + ref] = message.id;
  }
  std::optional<store::MessageReportState> report_state(std::int64_t seq) override {
    if (seq != message.seq) return std::nullopt;
    return state;
  }
  bool record_report(const store::ReportChange& c) override {
    attempted.push_back(c);
    before_record();
    if (c.expected_status != state.status || c.expected_fail_count != state.fail_count ||
        c.expected_timeline_end != state.timeline_end)
      return false;
    state.status = c.status;
    state.fail_count = c.fail_count;
    state.timeline_end = c.entry.at;
    state.marks.push_back({c.entry.type, c.entry.recipient});
    recorded.push_back(c);
    return true;
  }
  void add_unmatched_bounce(const store::UnmatchedBounce&) override {}
  std::vector<store::UnmatchedBounce> list_unmatched_bounces(store::StoreId, int,
                                                             std::optional<std::int64_t>) override {
    return {};
  }
  void put_suppression(store::StoreId, const store::Suppression& s) override {
    suppressed.push_back(s);
  }
  bool remove_suppression(store::StoreId, domain::Channel, const std::string&) override {
    return false;
  }
  std::vector<std::optional<store::Suppression>> find_suppressions(
      const std::vector<store::AddressKey>& keys, TimeMs) override {
    return std::vector<std::optional<store::Suppression>>(keys.size());
  }
  std::vector<store::Suppression> list_suppressions(store::StoreId, const std::string&, TimeMs, int,
                                                    int) override {
    return {};
  }
};

struct ReportServiceTest : ::testing::Test {
  FakeStorage storage;
  ManualClock clock{5000};
  ReportService reports{storage, storage, clock};

  ReportServiceTest() {
    storage.message = {7, 11, "M1", domain::Channel::email, {"a@x.no", "b@x.no"}};
    storage.state.status = MessageStatus::sent;
    storage.state.recipient_count = 2;
    storage.state.timeline_end = 1000;
  }

  static MessageReport bounce_of(const std::string& recipient) {
    MessageReport r;
    r.clues = {{"M1", ""}};
    store::DeliveryUpdate u;
    u.type = "bounced";
    u.recipient = recipient;
    u.reason = "userunknown";
    u.at = 2000;
    r.findings.push_back({u, true});
    return r;
  }
};

TEST_F(ReportServiceTest, AChangeThatLostTheRaceIsDecidedAgainOnWhatWon) {
  // Another writer records b@x.no's bounce between our read and our write.
  storage.before_record = [&] {
    if (storage.attempted.size() != 1) return;
    storage.state.fail_count = 1;
    storage.state.marks.push_back({"bounced", "b@x.no"});
    storage.state.timeline_end = 3000;
  };
  ASSERT_TRUE(reports.report(bounce_of("a@x.no")));

  ASSERT_EQ(storage.attempted.size(), 2u);
  EXPECT_EQ(storage.attempted[0].fail_count, 1);  // decided alone: a@x.no only
  EXPECT_EQ(storage.attempted[0].status, MessageStatus::sent);
  ASSERT_EQ(storage.recorded.size(), 1u);
  const auto& won = storage.recorded[0];
  EXPECT_EQ(won.expected_fail_count, 1);
  EXPECT_EQ(won.fail_count, 2);  // both recipients failed: the message bounced
  EXPECT_EQ(won.status, MessageStatus::bounced);
  EXPECT_EQ(won.entry.at, 3000);             // after what the other writer put on the timeline
  ASSERT_EQ(storage.suppressed.size(), 1u);  // suppressed once, not once per attempt
  EXPECT_EQ(storage.suppressed[0].address, "a@x.no");
}

TEST_F(ReportServiceTest, AMessageThatNeverSettlesIsAnErrorNotALoop) {
  storage.before_record = [&] { storage.state.timeline_end += 1; };
  EXPECT_THROW(reports.report(bounce_of("a@x.no")), Error);
  EXPECT_TRUE(storage.recorded.empty());
  EXPECT_GT(storage.attempted.size(), 1u);
}

TEST_F(ReportServiceTest, AGoneMessageRecordsNothing) {
  // Located, but its row is gone (retention) by the time it is read.
  EXPECT_EQ(reports.apply({7, 99, "M1", domain::Channel::email, {}},
                          bounce_of("a@x.no").findings[0].update, false),
            MessageStatus::queued);
  EXPECT_TRUE(storage.attempted.empty());
}

TEST_F(ReportServiceTest, CluesAreTriedInOrderAndScopeLimitsTheMatch) {
  auto r = bounce_of("a@x.no");
  r.clues = {{"", ""}, {"nope", ""}, {"M1", ""}};
  r.scope = 8;  // another store's key
  EXPECT_FALSE(reports.report(r));
  EXPECT_TRUE(storage.attempted.empty());
  r.scope = 7;
  EXPECT_TRUE(reports.report(r));
  EXPECT_EQ(storage.recorded.size(), 1u);
}

TEST_F(ReportServiceTest, AProviderIdIsRememberedWhenBothIdsCame) {
  tracking::DeliveryEvent e;
  e.herald_id = "M1";
  e.provider_message_id = "sg-1";
  e.type = "delivered";
  e.recipient = "a@x.no";
  EXPECT_EQ(record_provider_events(reports, "sendgrid", {e}).matched, 1);

  tracking::DeliveryEvent later;
  later.provider_message_id = "sg-1";
  later.type = "opened";
  later.provider_error_code = "x";
  tracking::DeliveryEvent stranger;
  stranger.provider_message_id = "sg-2";
  auto counts = record_provider_events(reports, "sendgrid", {later, stranger});
  EXPECT_EQ(counts.matched, 1);
  EXPECT_EQ(counts.unmatched, 1);
  ASSERT_EQ(storage.recorded.size(), 2u);
  EXPECT_EQ(storage.recorded[1].entry.detail, "sendgrid x");
  EXPECT_EQ(storage.recorded[1].status, MessageStatus::opened);
}

}  // namespace
}  // namespace herald::feedback
