// One answer, one reason: the same SMTP reply read at send time (delivery), from a bounce
// report (bounce) and from a provider's callback (Mailgun) gives the same reason class and
// the same hard/soft verdict, because all three use the vocabulary of domain/reasons.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "bounce/bounce.h"
#include "delivery/smtp_reply.h"
#include "domain/reasons.h"
#include "providers/mailgun/mailgun_events.h"
#include "providers/twilio/twilio_errors.h"
#include "providers/twilio/twilio_events.h"

namespace herald {
namespace {

struct Answer {
  int code;
  const char* status;
  const char* words;
  const char* reason;
  bool hard;
};

const Answer kAnswers[] = {
    {552, "5.2.3", "Message length exceeds administrative limit", "exceedlimit", false},
    {550, "5.3.2", "System not accepting network messages", "notaccept", true},
    {554, "5.5.3", "Too many recipients", "toomanyconn", false},
    {550, "5.1.1", "<ola@example.net>: Recipient address rejected: User unknown", "userunknown",
     true},
    {452, "4.2.2", "<ola@example.net>: Mailbox full", "mailboxfull", false},
    {554, "5.7.1", "Message rejected as spam", "spamdetected", false},
};

std::string reply_of(const Answer& a) {
  return std::to_string(a.code) + " " + a.status + " " + a.words;
}

// A minimal RFC 3464 report of the answer, as the sending MTA would return it.
std::string dsn_of(const Answer& a) {
  const bool temporary = a.code / 100 == 4;
  return std::string(
             "From: MAILER-DAEMON@mx.shop.example (Mail Delivery System)\n"
             "To: bounces@shop.example\n"
             "Subject: Undelivered Mail Returned to Sender\n"
             "MIME-Version: 1.0\n"
             "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n"
             "\n"
             "--B\n"
             "Content-Type: text/plain\n"
             "\n"
             "Your message could not be delivered.\n"
             "--B\n"
             "Content-Type: message/delivery-status\n"
             "\n"
             "Reporting-MTA: dns; mx.shop.example\n"
             "\n"
             "Final-Recipient: rfc822; ola@example.net\n"
             "Action: ") +
         (temporary ? "delayed" : "failed") + "\nStatus: " + a.status +
         "\nDiagnostic-Code: smtp; " + reply_of(a) + "\n--B--\n";
}

std::string mailgun_failure_of(const Answer& a) {
  const bool temporary = a.code / 100 == 4;
  nlohmann::json data = {
      {"event", "failed"},
      {"reason", "generic"},
      {"severity", temporary ? "temporary" : "permanent"},
      {"timestamp", 1521472262.9},
      {"recipient", "ola@example.net"},
      {"delivery-status",
       {{"code", a.code}, {"enhanced-code", a.status}, {"message", a.words}, {"description", ""}}},
      {"message", {{"headers", {{"message-id", "m1@shop.example"}}}}}};
  return nlohmann::json{{"event-data", data}}.dump();
}

class ReasonAgreement : public ::testing::TestWithParam<Answer> {};

TEST_P(ReasonAgreement, SendTimeBounceReportAndCallbackAgree) {
  const Answer& a = GetParam();

  const domain::RecipientResult sent =
      delivery::classify_smtp_reply("ola@example.net", a.code, reply_of(a));
  EXPECT_EQ(sent.reason, a.reason) << "send time";
  // Delivery suppresses an address when the answer was final and its reason is hard.
  EXPECT_EQ(sent.outcome == domain::Outcome::bounced && domain::is_hard_reason(sent.reason), a.hard)
      << "send time";

  const bounce::BounceReport report = bounce::parse_bounce(dsn_of(a));
  ASSERT_EQ(report.recipients.size(), 1u);
  EXPECT_EQ(report.recipients[0].reason, a.reason) << "bounce report";
  EXPECT_EQ(report.recipients[0].hard_bounce, a.hard) << "bounce report";

  const auto events = providers::parse_mailgun(mailgun_failure_of(a));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].reason, a.reason) << "provider callback";
  EXPECT_EQ(events[0].enhanced_code, a.status) << "provider callback";
}

INSTANTIATE_TEST_SUITE_P(SameAnswers, ReasonAgreement, ::testing::ValuesIn(kAnswers));

TEST(ReasonAgreement, TwilioErrorsUseTheOneHardRule) {
  for (int code :
       {30001, 30002, 30003, 30004, 30005, 30006, 30007, 30008, 30009, 30010, 30011, 30022,
        30032, 30034, 20003, 21211, 21408, 21606, 21608, 21610, 21612, 21614, 21617, 21660}) {
    const providers::TwilioError* err = providers::find_twilio_error(code);
    ASSERT_NE(err, nullptr) << code;
    const auto events = providers::parse_twilio(
        "MessageSid=SM1&MessageStatus=undelivered&ErrorCode=" + std::to_string(code), {});
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].reason, err->reason) << code;
    EXPECT_EQ(events[0].hard_bounce, domain::is_hard_reason(err->reason)) << code;
  }
}

TEST(ReasonAgreement, EveryReasonHasPlainWords) {
  for (const char* r :
       {"userunknown", "mailboxfull",     "expired",        "filtered",        "rejected",
        "blocked",     "hostunknown",     "feedback",       "authfailure",     "networkerror",
        "suspend",     "policyviolation", "requireptr",     "spamdetected",    "systemerror",
        "notaccept",   "securityerror",   "mailererror",    "notcompliantrfc", "norelaying",
        "onhold",      "hasmoved",        "toomanyconn",    "vacation",        "delivered",
        "exceedlimit", "mesgtoobig",      "badreputation",  "contenterror",    "virusdetected",
        "syntaxerror", "speeding",        "failedstarttls", "systemfull",      "suppressed"})
    EXPECT_EQ(domain::describe_reason(r).find("Not delivered ("), std::string::npos) << r;
  EXPECT_EQ(domain::describe_reason("undefined"), "");
}

}  // namespace
}  // namespace herald
