#include "feedback/report_decision.h"

#include <gtest/gtest.h>

namespace herald::feedback {
namespace {

using domain::MessageStatus;

store::MessageReportState state(MessageStatus status, int recipients = 1, int fail_count = 0) {
  store::MessageReportState s;
  s.status = status;
  s.recipient_count = recipients;
  s.fail_count = fail_count;
  s.timeline_end = 1000;
  return s;
}

store::DeliveryUpdate update(const std::string& type, const std::string& recipient = "",
                             TimeMs at = 2000) {
  store::DeliveryUpdate u;
  u.type = type;
  u.recipient = recipient;
  u.at = at;
  return u;
}

MessageStatus after(MessageStatus from, const std::string& type) {
  return decide_report(1, state(from), update(type)).status;
}

TEST(ReportDecision, DeliveryNewsMovesAStatusForwardOnly) {
  EXPECT_EQ(after(MessageStatus::queued, "delivered"), MessageStatus::delivered);
  EXPECT_EQ(after(MessageStatus::deferred, "sent"), MessageStatus::sent);
  EXPECT_EQ(after(MessageStatus::sent, "delivered"), MessageStatus::delivered);
  EXPECT_EQ(after(MessageStatus::delivered, "opened"), MessageStatus::opened);
  EXPECT_EQ(after(MessageStatus::opened, "clicked"), MessageStatus::clicked);
  EXPECT_EQ(after(MessageStatus::sent, "clicked"), MessageStatus::clicked);

  EXPECT_EQ(after(MessageStatus::clicked, "opened"), MessageStatus::clicked);
  EXPECT_EQ(after(MessageStatus::opened, "delivered"), MessageStatus::opened);
  EXPECT_EQ(after(MessageStatus::delivered, "sent"), MessageStatus::delivered);
  EXPECT_EQ(after(MessageStatus::sent, "deferred"), MessageStatus::sent);
  EXPECT_EQ(after(MessageStatus::delivered, "delivered"), MessageStatus::delivered);
}

TEST(ReportDecision, NothingMovesAMessageAwayFromAFailureOrAComplaintButAComplaint) {
  for (auto from : {MessageStatus::bounced, MessageStatus::failed, MessageStatus::undelivered,
                    MessageStatus::suppressed, MessageStatus::complained}) {
    for (const char* type : {"delivered", "opened", "clicked", "sent", "deferred"})
      EXPECT_EQ(after(from, type), from) << type << " after " << domain::to_string(from);
    EXPECT_EQ(after(from, "complained"), MessageStatus::complained);
  }
}

TEST(ReportDecision, AComplaintAlwaysWins) {
  EXPECT_EQ(after(MessageStatus::clicked, "complained"), MessageStatus::complained);
  EXPECT_EQ(after(MessageStatus::queued, "complained"), MessageStatus::complained);
}

TEST(ReportDecision, AFailureOfTheOnlyRecipientMovesAnyStatus) {
  EXPECT_EQ(after(MessageStatus::delivered, "bounced"), MessageStatus::bounced);
  EXPECT_EQ(after(MessageStatus::clicked, "bounced"), MessageStatus::bounced);
  EXPECT_EQ(after(MessageStatus::sent, "undelivered"), MessageStatus::undelivered);
  EXPECT_EQ(after(MessageStatus::sent, "failed"), MessageStatus::failed);
  EXPECT_EQ(after(MessageStatus::complained, "bounced"), MessageStatus::bounced);
  auto c = decide_report(1, state(MessageStatus::sent), update("bounced", "a@x.no"));
  EXPECT_EQ(c.fail_count, 1);
}

TEST(ReportDecision, AFailureCountsOncePerRecipient) {
  auto s = state(MessageStatus::sent, 2);
  auto first = decide_report(1, s, update("bounced", "a@x.no"));
  EXPECT_EQ(first.fail_count, 1);
  EXPECT_EQ(first.status, MessageStatus::sent);  // b@x.no may still get it

  s.fail_count = 1;
  s.marks = {{"sent", "b@x.no"}, {"bounced", "a@x.no"}};
  auto again = decide_report(1, s, update("failed", "a@x.no"));
  EXPECT_EQ(again.fail_count, 1);
  EXPECT_EQ(again.status, MessageStatus::sent);

  auto other = decide_report(1, s, update("bounced", "b@x.no"));
  EXPECT_EQ(other.fail_count, 2);
  EXPECT_EQ(other.status, MessageStatus::bounced);
}

TEST(ReportDecision, ADeferralIsNotACountedFailure) {
  auto s = state(MessageStatus::sent, 2, 0);
  s.marks = {{"deferred", "a@x.no"}};
  EXPECT_EQ(decide_report(1, s, update("bounced", "a@x.no")).fail_count, 1);
}

TEST(ReportDecision, AFailureWithoutARecipientCountsEachTimeUpToTheRecipients) {
  auto s = state(MessageStatus::sent, 2, 1);
  s.marks = {{"bounced", "a@x.no"}};
  auto c = decide_report(1, s, update("bounced"));
  EXPECT_EQ(c.fail_count, 2);
  EXPECT_EQ(c.status, MessageStatus::bounced);
  s.fail_count = 2;
  EXPECT_EQ(decide_report(1, s, update("bounced")).fail_count, 2);
}

TEST(ReportDecision, NewsThatIsNoStatusGoesOnTheTimelineOnly) {
  auto c = decide_report(1, state(MessageStatus::delivered), update("autoreply", "a@x.no"));
  EXPECT_EQ(c.status, MessageStatus::delivered);
  EXPECT_EQ(c.entry.type, "autoreply");
  EXPECT_EQ(c.fail_count, 0);
}

TEST(ReportDecision, TheEntryIsNeverPlacedBeforeTheTimelineEnds) {
  EXPECT_EQ(decide_report(1, state(MessageStatus::sent), update("delivered", "", 500)).entry.at,
            1000);
  EXPECT_EQ(decide_report(1, state(MessageStatus::sent), update("delivered", "", 1500)).entry.at,
            1500);
}

TEST(ReportDecision, TheChangeNamesTheStateItWasDecidedOn) {
  auto s = state(MessageStatus::sent, 3, 1);
  auto c = decide_report(42, s, update("bounced", "a@x.no"));
  EXPECT_EQ(c.seq, 42);
  EXPECT_EQ(c.expected_status, MessageStatus::sent);
  EXPECT_EQ(c.expected_fail_count, 1);
  EXPECT_EQ(c.expected_timeline_end, 1000);
}

store::MessageLocator email_to(std::vector<std::string> recipients) {
  store::MessageLocator m;
  m.store_id = 7;
  m.id = "M1";
  m.channel = domain::Channel::email;
  m.recipients = std::move(recipients);
  return m;
}

TEST(ReportDecision, AReportIsCompletedBeforeItIsDecided) {
  auto u = complete_update(email_to({"a@x.no"}), update("opened", "", 0), 5000);
  EXPECT_EQ(u.at, 5000);
  EXPECT_EQ(u.recipient, "a@x.no");  // the only recipient
  EXPECT_EQ(u.description, "The recipient opened it");

  u = complete_update(email_to({"a@x.no", "b@x.no"}), update("delivered", "B@X.NO", 10), 5000);
  EXPECT_EQ(u.at, 10);
  EXPECT_EQ(u.recipient, "b@x.no");
  EXPECT_EQ(complete_update(email_to({"a@x.no", "b@x.no"}), update("opened", ""), 1).recipient, "");

  auto click = update("clicked");
  click.url = "https://shop.example/";
  EXPECT_EQ(describe_update(click), "The recipient clicked https://shop.example/");
  EXPECT_EQ(describe_update(update("undelivered")), "The SMS could not be delivered");
}

// A report that names where the receiving side forwarded the mail still reports on the
// address the shop sent to: its timeline entry and its suppression are the customer's.
TEST(ReportDecision, AnAddressTheMessageWasNotSentToStandsForTheOneItWas) {
  auto u = update("bounced", "ONORDMANN@mailhost.example.net");
  u.detail = "552 mailbox full";
  auto c = complete_update(email_to({"a@x.no", "ola@example.net"}), u, 1, "Ola@Example.net");
  EXPECT_EQ(c.recipient, "ola@example.net");  // the original recipient the report gives
  EXPECT_EQ(c.detail, "Reported for onordmann@mailhost.example.net. 552 mailbox full");

  c = complete_update(email_to({"ola@example.net"}), u, 1);
  EXPECT_EQ(c.recipient, "ola@example.net");  // the message's only recipient

  c = complete_update(email_to({"a@x.no", "b@x.no"}), u, 1, "c@x.no");
  EXPECT_EQ(c.recipient, "onordmann@mailhost.example.net");  // nothing to stand for: as named
  EXPECT_EQ(c.detail, "552 mailbox full");

  c = complete_update(email_to({"a@x.no", "b@x.no"}), update("bounced", "B@x.no"), 1, "a@x.no");
  EXPECT_EQ(c.recipient, "b@x.no");  // sent to the address named: that one

  // The message's addresses as the shop wrote them compare as addresses, not as text.
  c = complete_update(email_to({"Ola@Example.NET"}), u, 1, "ola@example.net");
  EXPECT_EQ(c.recipient, "ola@example.net");
  c = complete_update(email_to({"Ola@Example.NET"}), update("bounced", "ola@example.net"), 1);
  EXPECT_EQ(c.recipient, "ola@example.net");
  EXPECT_EQ(c.detail.find("Reported for"), std::string::npos);
}

TEST(ReportDecision, HardBouncesAndComplaintsSuppressTheAddress) {
  const auto m = email_to({"a@x.no"});
  auto hard = update("bounced", "a@x.no");
  hard.reason = "userunknown";
  auto s = suppression_for(m, hard, true);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->address, "a@x.no");
  EXPECT_EQ(s->reason, "userunknown");
  EXPECT_EQ(s->source_message, "M1");
  EXPECT_EQ(s->created_at, 2000);
  EXPECT_EQ(suppression_for(m, update("bounced", "a@x.no"), true)->reason, "bounced");
  EXPECT_EQ(suppression_for(m, update("complained", "a@x.no"), false)->reason, "feedback");

  EXPECT_FALSE(suppression_for(m, hard, false));                            // soft
  EXPECT_FALSE(suppression_for(m, update("undelivered", "a@x.no"), true));  // not a bounce
  EXPECT_FALSE(suppression_for(m, update("bounced"), true));                // nobody named
}

TEST(ReportDecision, TheChangeCarriesItsFiguresDecidedOnTheWholeTimeline) {
  auto s = state(MessageStatus::opened, 2);
  s.store_id = 7;
  s.timeline_entries = 3;
  s.marks = {{"sent", "a@x.no"}, {"opened", ""}};
  auto again = decide_report(42, s, update("opened"));
  EXPECT_EQ(again.expected_timeline_entries, 3);
  EXPECT_TRUE(again.figures.empty()) << "the second 'opened' of a message is not counted";
  auto click = decide_report(42, s, update("clicked", "", 3 * domain::kDayMs));
  ASSERT_EQ(click.figures.increments.size(), 1u);
  EXPECT_EQ(click.figures.increments[0].store_id, 7);
  EXPECT_EQ(click.figures.increments[0].day, 3);
  EXPECT_EQ(click.figures.increments[0].key, "clicked");
  s.marks.push_back({"bounced", "b@x.no"});
  EXPECT_TRUE(decide_report(42, s, update("complained", "b@x.no")).figures.empty());
  auto bounce = decide_report(42, s, update("bounced", "a@x.no"));
  ASSERT_EQ(bounce.figures.failures.size(), 1u);
  EXPECT_EQ(bounce.figures.failures[0].message_seq, 42);
  EXPECT_EQ(bounce.figures.failures[0].domain, "x.no");
}

}  // namespace
}  // namespace herald::feedback
