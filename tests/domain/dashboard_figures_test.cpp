#include "domain/dashboard_figures.h"

#include <gtest/gtest.h>

namespace herald::domain {
namespace {

constexpr TimeMs kDay3 = 3 * kDayMs;

bool same(const FigureIncrement& a, const FigureIncrement& b) {
  return a.store_id == b.store_id && a.day == b.day && a.kind == b.kind && a.key == b.key &&
         a.n == b.n;
}

void expect_increments(const FigureChanges& got, const std::vector<FigureIncrement>& want) {
  ASSERT_EQ(got.increments.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i)
    EXPECT_TRUE(same(got.increments[i], want[i]))
        << i << ": " << got.increments[i].kind << " " << got.increments[i].key << " day "
        << got.increments[i].day;
}

TEST(DashboardFigures, AMessageCountsUnderItsChannelOnTheDayItWasCreated) {
  expect_increments(figures_for_new_message(7, Channel::email, kDay3 + 5),
                    {{7, 3, "channel", "email", 1}});
  expect_increments(figures_for_new_message(7, Channel::sms, kDay3 - 1),
                    {{7, 2, "channel", "sms", 1}});
  EXPECT_TRUE(figures_for_new_message(7, Channel::sms, 0).failures.empty());
}

TEST(DashboardFigures, TheFirstEntryOfEachStageCountsTheMessageOnThatDay) {
  auto got = figures_for_entries(7, 42, {},
                                 {{kDay3 + 1, "sent", "a@x.no", ""},
                                  {kDay3 + kDayMs, "delivered", "a@x.no", ""},
                                  {kDay3 + kDayMs + 1, "opened", "", ""},
                                  {kDay3 + 2 * kDayMs, "clicked", "", ""}});
  expect_increments(got, {{7, 3, "stage", "sent", 1},
                          {7, 4, "stage", "delivered", 1},
                          {7, 4, "stage", "opened", 1},
                          {7, 5, "stage", "clicked", 1}});
  EXPECT_TRUE(got.failures.empty());
}

TEST(DashboardFigures, TheSecondOpenedOfAMessageIsNotCountedAgain) {
  FigureHistory history;
  history.add("opened", "a@x.no");
  EXPECT_TRUE(figures_for_entries(7, 42, history, {{kDay3, "opened", "b@x.no", ""}}).empty());
  auto in_one_change =
      figures_for_entries(7, 42, {}, {{kDay3, "opened", "", ""}, {kDay3 + 1, "opened", "", ""}});
  expect_increments(in_one_change, {{7, 3, "stage", "opened", 1}});
}

TEST(DashboardFigures, ASecondRecipientSentToDoesNotCountTheMessageAgain) {
  auto got = figures_for_entries(7, 42, {},
                                 {{kDay3, "sent", "a@x.no", ""}, {kDay3, "sent", "b@x.no", ""}});
  expect_increments(got, {{7, 3, "stage", "sent", 1}});
}

TEST(DashboardFigures, EntriesThatAreNeitherStageNorFailureCountNothing) {
  EXPECT_TRUE(figures_for_entries(7, 42, {},
                                  {{kDay3, "queued", "a@x.no", ""},
                                   {kDay3, "deferred", "a@x.no", "mailboxfull"},
                                   {kDay3, "suppressed", "a@x.no", "userunknown"}})
                  .empty());
}

TEST(DashboardFigures, AFailureCountsUnderItsReasonAndWritesItsLineOfTheFailureLog) {
  auto got =
      figures_for_entries(7, 42, {}, {{kDay3 + 9, "bounced", "Ann@Example.NO", "userunknown"}});
  expect_increments(got, {{7, 3, "fail", "userunknown", 1}});
  ASSERT_EQ(got.failures.size(), 1u);
  const auto& f = got.failures[0];
  EXPECT_EQ(f.store_id, 7);
  EXPECT_EQ(f.message_seq, 42);
  EXPECT_EQ(f.recipient, "Ann@Example.NO");
  EXPECT_EQ(f.reason, "userunknown");
  EXPECT_EQ(f.domain, "example.no");
  EXPECT_EQ(f.at, kDay3 + 9);
}

TEST(DashboardFigures, AFailureWithoutAReasonCountsUnderItsType) {
  for (const char* type : {"bounced", "failed", "undelivered", "complained"}) {
    auto got = figures_for_entries(7, 42, {}, {{kDay3, type, "+4790000000", ""}});
    expect_increments(got, {{7, 3, "fail", type, 1}});
    ASSERT_EQ(got.failures.size(), 1u) << type;
    EXPECT_EQ(got.failures[0].reason, type);
    EXPECT_EQ(got.failures[0].domain, "") << "a phone number has no domain";
  }
}

TEST(DashboardFigures, ARecipientThatFailsTwiceIsCountedOnce) {
  FigureHistory history;
  history.add("bounced", "a@x.no");
  EXPECT_TRUE(
      figures_for_entries(7, 42, history, {{kDay3, "failed", "a@x.no", "mailboxfull"}}).empty());
  EXPECT_TRUE(figures_for_entries(7, 42, history, {{kDay3, "complained", "a@x.no", ""}}).empty());
  auto in_one_change = figures_for_entries(
      7, 42, {},
      {{kDay3, "bounced", "a@x.no", "userunknown"}, {kDay3 + 1, "failed", "a@x.no", "expired"}});
  expect_increments(in_one_change, {{7, 3, "fail", "userunknown", 1}});
  EXPECT_EQ(in_one_change.failures.size(), 1u);
}

TEST(DashboardFigures, EachRecipientThatFailsIsCounted) {
  FigureHistory history;
  history.add("bounced", "a@x.no");
  history.add("deferred", "b@x.no");  // not a failure: b may still fail once
  auto got = figures_for_entries(
      7, 42, history,
      {{kDay3, "bounced", "b@x.no", "userunknown"}, {kDay3, "bounced", "c@y.no", "userunknown"}});
  expect_increments(got, {{7, 3, "fail", "userunknown", 1}, {7, 3, "fail", "userunknown", 1}});
  ASSERT_EQ(got.failures.size(), 2u);
  EXPECT_EQ(got.failures[1].domain, "y.no");
}

TEST(DashboardFigures, FailuresThatNameNoRecipientCountOnceForTheMessage) {
  auto got = figures_for_entries(
      7, 42, {}, {{kDay3, "undelivered", "", ""}, {kDay3, "undelivered", "", "expired"}});
  expect_increments(got, {{7, 3, "fail", "undelivered", 1}});
  ASSERT_EQ(got.failures.size(), 1u);
  EXPECT_EQ(got.failures[0].recipient, "");
}

TEST(DashboardFigures, AFailureIsNoStageAndAStageIsNoFailure) {
  FigureHistory history;
  history.add("sent", "a@x.no");
  history.add("bounced", "b@x.no");
  auto got = figures_for_entries(
      7, 42, history,
      {{kDay3, "bounced", "a@x.no", "userunknown"}, {kDay3, "delivered", "b@x.no", ""}});
  expect_increments(got, {{7, 3, "fail", "userunknown", 1}, {7, 3, "stage", "delivered", 1}});
}

}  // namespace
}  // namespace herald::domain
