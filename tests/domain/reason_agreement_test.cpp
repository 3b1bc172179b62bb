// One answer, one reason: the same SMTP reply read at send time (delivery), from a bounce
// report (bounce) and from a provider's callback (Mailgun) gives the same reason class and
// the same hard/soft verdict, because all three use the vocabulary of domain/reasons and read
// the reply with the one procedure of domain/reply_reading.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "bounce/bounce.h"
#include "delivery/smtp_reply.h"
#include "domain/reasons.h"
#include "providers/mailgun/mailgun_events.h"
#include "providers/twilio/twilio_errors.h"
#include "providers/twilio/twilio_events.h"

namespace herald {
namespace {

struct Reading {
  int code;
  const char* status;
  const char* words;
  domain::SmtpCommand command;
  const char* reason;
  bool hard;
};

using Cmd = domain::SmtpCommand;

void PrintTo(const Reading& r, std::ostream* os) {
  static constexpr const char* kAt[] = {"unknown", "connection", "MAIL FROM", "RCPT TO", "DATA"};
  *os << r.code << " " << r.status << " " << r.words << " at " << kAt[static_cast<int>(r.command)];
}

const Reading kReadings[] = {
    // Where the reason tables once disagreed, and the common answers, with no command known.
    {552, "5.2.3", "Message length exceeds administrative limit", Cmd::unknown, "exceedlimit",
     false},
    {550, "5.3.2", "System not accepting network messages", Cmd::unknown, "notaccept", true},
    {554, "5.5.3", "Too many recipients", Cmd::unknown, "toomanyconn", false},
    {550, "5.1.1", "<ola@example.net>: Recipient address rejected: User unknown", Cmd::unknown,
     "userunknown", true},
    {452, "4.2.2", "<ola@example.net>: Mailbox full", Cmd::unknown, "mailboxfull", false},
    {554, "5.7.1", "Message rejected as spam", Cmd::unknown, "spamdetected", false},
    // The words say more than the code.
    {550, "5.1.1", "<ola@example.net>: mailbox full", Cmd::unknown, "mailboxfull", false},
    {550, "5.1.1", "<ola@example.net>: mailbox full", Cmd::rcpt_to, "mailboxfull", false},
    {552, "5.2.2", "<ola@example.net>: user unknown", Cmd::rcpt_to, "mailboxfull", false},
    {550, "5.1.10", "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
     Cmd::rcpt_to, "userunknown", true},
    {550, "5.7.1", "Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org",
     Cmd::unknown, "blocked", false},
    {550, "5.7.1", "Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org",
     Cmd::rcpt_to, "blocked", false},
    {554, "5.7.1", "Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org",
     Cmd::mail_from, "blocked", false},
    {554, "5.7.1", "Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org",
     Cmd::connection, "blocked", false},
    {550, "5.7.509",
     "Access denied, sending domain example.com does not pass DMARC verification and has a "
     "DMARC policy of reject.",
     Cmd::data, "authfailure", false},
    {553, "5.1.8", "<shop@nx.invalid>: Sender address rejected: Domain not found", Cmd::rcpt_to,
     "rejected", false},
    // A missing domain that may come back: not a hard bounce.
    {450, "4.1.2", "<ola@nx.invalid>: Recipient address rejected: Domain not found", Cmd::rcpt_to,
     "networkerror", false},
    {550, "5.1.2", "<ola@nx.invalid>: Host or domain name not found", Cmd::rcpt_to, "hostunknown",
     true},
    // "User unknown" without an address code: the address at RCPT TO, a filter after DATA.
    {550, "5.0.0", "User unknown", Cmd::rcpt_to, "userunknown", true},
    {550, "5.0.0", "User unknown", Cmd::data, "filtered", false},
    {550, "5.0.0", "User unknown", Cmd::unknown, "filtered", false},
    // Refused before the recipient was looked at.
    {550, "5.7.1", "<shop@shop.example>: Sender address rejected: Access denied", Cmd::mail_from,
     "rejected", false},
    {550, "5.1.1", "<shop@shop.example>: Sender address rejected: User unknown", Cmd::mail_from,
     "rejected", false},
    {421, "4.7.0", "Too many concurrent SMTP connections; please try again later", Cmd::connection,
     "toomanyconn", false},
    {550, "5.2.1", "The email account that you tried to reach is disabled.", Cmd::rcpt_to,
     "suspend", false},
    {554, "5.7.1", "Message rejected as spam", Cmd::data, "spamdetected", false},
    // A security or policy code that answers the message itself is the receiver's policy; at
    // RCPT TO it stays a security refusal.
    {554, "5.7.0", "Message refused", Cmd::data, "policyviolation", false},
    {550, "5.7.0", "Refused", Cmd::rcpt_to, "securityerror", false},
};

// The Postfix text part names the command as "(in reply to RCPT TO command)".
const char* postfix_command(Cmd c) {
  switch (c) {
    case Cmd::connection:
      return " (in reply to EHLO command)";
    case Cmd::mail_from:
      return " (in reply to MAIL FROM command)";
    case Cmd::rcpt_to:
      return " (in reply to RCPT TO command)";
    case Cmd::data:
      return " (in reply to end of DATA command)";
    case Cmd::unknown:
      break;
  }
  return "";
}

std::string reply_of(const Reading& r) {
  return std::to_string(r.code) + " " + r.status + " " + r.words;
}

std::string report_of(const Reading& r, bool with_command) {
  const bool temporary = r.code / 100 == 4;
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
             "<ola@example.net>: host mx.example.net[192.0.2.1] said: ") +
         reply_of(r) + (with_command ? postfix_command(r.command) : "") +
         "\n--B\n"
         "Content-Type: message/delivery-status\n"
         "\n"
         "Reporting-MTA: dns; mx.shop.example\n"
         "\n"
         "Final-Recipient: rfc822; ola@example.net\n"
         "Action: " +
         (temporary ? "delayed" : "failed") + "\nStatus: " + r.status +
         "\nDiagnostic-Code: smtp; " + reply_of(r) + "\n--B--\n";
}

std::string mailgun_failure_of(const Reading& r) {
  nlohmann::json data = {
      {"event", "failed"},
      {"reason", "generic"},
      {"severity", r.code / 100 == 4 ? "temporary" : "permanent"},
      {"timestamp", 1521472262.9},
      {"recipient", "ola@example.net"},
      {"delivery-status",
       {{"code", r.code}, {"enhanced-code", r.status}, {"message", r.words}, {"description", ""}}},
      {"message", {{"headers", {{"message-id", "m1@shop.example"}}}}}};
  return nlohmann::json{{"event-data", data}}.dump();
}

class OneReading : public ::testing::TestWithParam<Reading> {};

TEST_P(OneReading, SendTimeBounceReportAndCallbackReadAReplyAlike) {
  const Reading& r = GetParam();
  const bool temporary = r.code / 100 == 4;

  const domain::RecipientResult sent =
      delivery::classify_smtp_reply("ola@example.net", r.code, reply_of(r), r.command);
  EXPECT_EQ(sent.reason, r.reason) << "send time";
  EXPECT_EQ(sent.outcome == domain::Outcome::bounced && domain::is_hard_reason(sent.reason), r.hard)
      << "send time";

  const bounce::BounceReport report = bounce::parse_bounce(report_of(r, true));
  ASSERT_EQ(report.recipients.size(), 1u);
  EXPECT_EQ(report.recipients[0].reason, r.reason) << "bounce report";
  EXPECT_EQ(report.recipients[0].hard_bounce, r.hard) << "bounce report";

  // A provider reports what one recipient's server answered: the callback reads the reply as
  // the answer to RCPT TO, as a report naming that command does.
  Reading at_rcpt = r;
  at_rcpt.command = Cmd::rcpt_to;
  const bounce::BounceReport rcpt = bounce::parse_bounce(report_of(at_rcpt, true));
  ASSERT_EQ(rcpt.recipients.size(), 1u);
  const auto events = providers::parse_mailgun(mailgun_failure_of(r));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].reason, rcpt.recipients[0].reason) << "provider callback";
  EXPECT_EQ(events[0].enhanced_code, r.status) << "provider callback";
  EXPECT_EQ(domain::is_hard_reason(events[0].reason, temporary), rcpt.recipients[0].hard_bounce)
      << "provider callback";
  if (r.command == Cmd::rcpt_to) {
    EXPECT_EQ(events[0].reason, r.reason) << "provider callback";
    EXPECT_EQ(domain::is_hard_reason(events[0].reason, temporary), r.hard) << "provider callback";
  }
}

INSTANTIATE_TEST_SUITE_P(Replies, OneReading, ::testing::ValuesIn(kReadings));

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
