#include "delivery/smtp_reply.h"

#include <gtest/gtest.h>

#include "domain/reply_reading.h"
#include "domain/smtp_codes.h"

namespace herald::delivery {
namespace {

using domain::Outcome;
using Cmd = domain::SmtpCommand;

struct ReplyCase {
  const char* server;
  int code;
  const char* text;
  Outcome outcome;
  const char* enhanced;
  const char* reason;
  Cmd command = Cmd::unknown;  // the command the reply answered
};

void PrintTo(const ReplyCase& c, std::ostream* os) {
  *os << c.server << ": " << c.text;
}

class ClassifySmtpReply : public ::testing::TestWithParam<ReplyCase> {};

TEST_P(ClassifySmtpReply, GivesOutcomeCodeAndReason) {
  const ReplyCase& c = GetParam();
  const domain::RecipientResult r =
      classify_smtp_reply("rcpt@example.net", c.code, c.text, c.command);
  EXPECT_EQ(r.address, "rcpt@example.net");
  EXPECT_EQ(r.smtp_code, c.code);
  EXPECT_EQ(to_string(r.outcome), to_string(c.outcome));
  EXPECT_EQ(r.enhanced_code, c.enhanced);
  EXPECT_EQ(r.reason, c.reason);
  EXPECT_FALSE(r.detail.empty());
}

const ReplyCase kCases[] = {
    // Postfix
    {"postfix", 250, "250 2.0.0 Ok: queued as 4RzY1x0abcz3wXY", Outcome::sent, "2.0.0", "",
     Cmd::data},
    {"postfix", 550,
     "550 5.1.1 <x@y.no>: Recipient address rejected: User unknown in virtual mailbox table",
     Outcome::bounced, "5.1.1", "userunknown", Cmd::rcpt_to},
    // A domain not found for now may come back: a bounce report of it says networkerror too.
    {"postfix", 450, "450 4.1.2 <x@nx.invalid>: Recipient address rejected: Domain not found",
     Outcome::deferred, "4.1.2", "networkerror", Cmd::rcpt_to},
    {"postfix", 554, "554 5.7.1 <x@y.no>: Relay access denied", Outcome::bounced, "5.7.1",
     "norelaying", Cmd::rcpt_to},
    {"postfix", 452, "452 4.2.2 <full@y.no>: Mailbox full", Outcome::deferred, "4.2.2",
     "mailboxfull", Cmd::rcpt_to},
    {"postfix", 552, "552 5.3.4 Message size exceeds fixed limit", Outcome::bounced, "5.3.4",
     "mesgtoobig", Cmd::data},
    {"postfix", 450, "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.7]",
     Outcome::deferred, "4.7.1", "requireptr", Cmd::rcpt_to},
    {"postfix", 554,
     "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org; "
     "https://www.spamhaus.org/query/ip/192.0.2.7",
     Outcome::bounced, "5.7.1", "blocked", Cmd::rcpt_to},
    {"postfix", 553, "553 5.1.8 <shop@nx.invalid>: Sender address rejected: Domain not found",
     Outcome::bounced, "5.1.8", "rejected", Cmd::rcpt_to},
    {"postfix", 451, "451 4.3.5 Server configuration problem", Outcome::deferred, "4.3.5",
     "systemerror", Cmd::rcpt_to},
    {"postfix", 504, "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname",
     Outcome::bounced, "5.5.2", "syntaxerror", Cmd::rcpt_to},
    {"postfix", 421, "421 4.4.2 mx.example.net Error: timeout exceeded", Outcome::deferred, "4.4.2",
     "networkerror", Cmd::data},
    // Exim
    {"exim", 550, "550 Unrouteable address", Outcome::bounced, "5.0.0", "userunknown",
     Cmd::rcpt_to},
    {"exim", 550,
     "550-Verification failed for <shop@example.com>\r\n550-Unrouteable address\r\n"
     "550 Sender verify failed",
     Outcome::bounced, "5.0.0", "rejected", Cmd::rcpt_to},
    {"exim", 552, "552 Message size exceeds maximum permitted", Outcome::bounced, "5.2.2",
     "mesgtoobig", Cmd::data},
    {"exim", 550, "550 relay not permitted", Outcome::bounced, "5.0.0", "norelaying", Cmd::rcpt_to},
    {"exim", 451, "451 Temporary local problem - please try later", Outcome::deferred, "4.3.0",
     "systemerror", Cmd::rcpt_to},
    {"exim", 421,
     "421 Too many concurrent SMTP connections from this IP address; please try again later.",
     Outcome::deferred, "4.3.2", "toomanyconn", Cmd::connection},
    {"exim", 550, "550 Mailbox quota exceeded", Outcome::bounced, "5.0.0", "mailboxfull",
     Cmd::rcpt_to},
    {"exim", 550, "550 rejected because 192.0.2.7 is in a black list at zen.spamhaus.org",
     Outcome::bounced, "5.0.0", "blocked", Cmd::rcpt_to},
    {"exim", 550, "550 Administrative prohibition", Outcome::bounced, "5.0.0", "policyviolation",
     Cmd::rcpt_to},
    // "System not accepting network messages" (x.3.2) gives way to words that name the cause,
    // and names notaccept when they name none.
    {"postfix", 452, "452 4.3.2 Too many concurrent connections from your address",
     Outcome::deferred, "4.3.2", "toomanyconn", Cmd::rcpt_to},
    {"postfix", 554, "554 5.3.2 Service shutting down", Outcome::bounced, "5.3.2", "notaccept",
     Cmd::rcpt_to},
    // The whole system is full, not the recipient's mailbox, though "is full" says mailboxfull.
    {"exim", 452, "452 4.3.1 The mail system is full, please try again later", Outcome::deferred,
     "4.3.1", "systemfull", Cmd::rcpt_to},
    // Gmail
    {"gmail", 550,
     "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n"
     "550-5.1.1 double-checking the recipient's email address for typos or\r\n"
     "550-5.1.1 unnecessary spaces. For more information, go to\r\n"
     "550 5.1.1  https://support.google.com/mail/?p=NoSuchUser a1si12.34 - gsmtp",
     Outcome::bounced, "5.1.1", "userunknown", Cmd::rcpt_to},
    {"gmail", 452,
     "452-4.2.2 The recipient's inbox is out of storage space. Please direct the\r\n"
     "452-4.2.2 recipient to\r\n"
     "452 4.2.2  https://support.google.com/mail/?p=OverQuotaTemp a1si12.34 - gsmtp",
     Outcome::deferred, "4.2.2", "mailboxfull", Cmd::rcpt_to},
    {"gmail", 550,
     "550-5.7.1 [192.0.2.7] Our system has detected that this message is likely\r\n"
     "550-5.7.1 unsolicited mail. To reduce the amount of spam sent to Gmail, this\r\n"
     "550 5.7.1 message has been blocked. a1si12.34 - gsmtp",
     Outcome::bounced, "5.7.1", "spamdetected", Cmd::data},
    {"gmail", 550,
     "550-5.7.26 This mail has been blocked because the sender is unauthenticated.\r\n"
     "550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM.\r\n"
     "550 5.7.26 a1si12.34 - gsmtp",
     Outcome::bounced, "5.7.26", "authfailure", Cmd::data},
    {"gmail", 421,
     "421-4.7.28 [192.0.2.7] Our system has detected an unusual rate of\r\n"
     "421-4.7.28 unsolicited mail originating from your IP address. To protect our\r\n"
     "421 4.7.28 users from spam, mail sent from your IP address has been temporarily rate "
     "limited.",
     Outcome::deferred, "4.7.28", "speeding", Cmd::data},
    {"gmail", 550,
     "550-5.7.25 [192.0.2.7] The IP address sending this message does not have a\r\n"
     "550 5.7.25 PTR record setup, or the corresponding forward DNS entry does not match.",
     Outcome::bounced, "5.7.25", "requireptr", Cmd::data},
    {"gmail", 552, "552-5.2.3 Your message exceeded Google's message size limits.",
     Outcome::bounced, "5.2.3", "exceedlimit", Cmd::data},
    {"gmail", 550, "550 5.2.1 The email account that you tried to reach is disabled.",
     Outcome::bounced, "5.2.1", "suspend", Cmd::rcpt_to},
    {"gmail", 550,
     "550-5.7.1 [192.0.2.7] Our system has detected that this message is not RFC 5322\r\n"
     "550 5.7.1 compliant: 'From' header is missing. To reduce the amount of spam sent",
     Outcome::bounced, "5.7.1", "notcompliantrfc", Cmd::data},
    {"gmail", 535, "535-5.7.8 Username and Password not accepted.", Outcome::bounced, "5.7.8",
     "securityerror"},
    {"gmail", 530, "530 5.7.0 Must issue a STARTTLS command first.", Outcome::bounced, "5.7.0",
     "failedstarttls", Cmd::mail_from},
    // Outlook / Office 365
    {"outlook", 550,
     "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient x@contoso.com not found by SMTP "
     "address lookup",
     Outcome::bounced, "5.1.10", "userunknown", Cmd::rcpt_to},
    {"outlook", 550, "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302)",
     Outcome::bounced, "5.5.0", "userunknown", Cmd::rcpt_to},
    {"outlook", 550,
     "550 5.7.1 Service unavailable, Client host [192.0.2.7] blocked using Spamhaus. To "
     "request removal from this list see https://www.spamhaus.org/query/ip/192.0.2.7",
     Outcome::bounced, "5.7.1", "blocked", Cmd::rcpt_to},
    {"outlook", 550, "550 5.7.606 Access denied, banned sending IP [192.0.2.7].", Outcome::bounced,
     "5.7.606", "blocked", Cmd::rcpt_to},
    {"outlook", 550, "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)",
     Outcome::bounced, "5.4.1", "userunknown", Cmd::rcpt_to},
    {"outlook", 554, "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException",
     Outcome::bounced, "5.2.2", "mailboxfull", Cmd::data},
    {"outlook", 550,
     "550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification "
     "and has a DMARC policy of reject.",
     Outcome::bounced, "5.7.509", "authfailure", Cmd::data},
    {"outlook", 451, "451 4.7.500 Server busy. Please try again later from [192.0.2.7].",
     Outcome::deferred, "4.7.500", "blocked", Cmd::rcpt_to},
    // Yahoo
    {"yahoo", 554,
     "554 delivery error: dd This user doesn't have a yahoo.com account (x@yahoo.com) [0] - "
     "mta1050.mail.ne1.yahoo.com",
     Outcome::bounced, "5.0.0", "userunknown", Cmd::rcpt_to},
    {"yahoo", 554,
     "554 delivery error: dd Sorry your message to x@yahoo.com cannot be delivered. This "
     "mailbox is disabled (554.30). - mta1050.mail.ne1.yahoo.com",
     Outcome::bounced, "5.0.0", "suspend", Cmd::rcpt_to},
    {"yahoo", 552, "552 1 Requested mail action aborted, mailbox not found", Outcome::bounced,
     "5.2.2", "userunknown", Cmd::rcpt_to},
    {"yahoo", 553,
     "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.7, because the ip is in "
     "Spamhaus's list; see https://postmaster.yahooinc.com/error-codes",
     Outcome::bounced, "5.7.1", "blocked", Cmd::connection},
    // Answered to MAIL FROM: our sender is refused before any recipient is looked at (bounce
    // reports of this reply are labelled so in the corpus).
    {"yahoo", 421,
     "421 4.7.0 [TSS04] Messages from 192.0.2.7 temporarily deferred due to unexpected volume "
     "or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
     Outcome::deferred, "4.7.0", "rejected", Cmd::mail_from},
    {"yahoo", 554,
     "554 5.7.9 Message not accepted for policy reasons.  See "
     "https://postmaster.yahooinc.com/error-codes",
     Outcome::bounced, "5.7.9", "policyviolation", Cmd::data},
    // Exchange on premises, enhanced code elsewhere in the text
    {"exchange", 550, "550 #5.1.0 Address rejected x@contoso.com", Outcome::bounced, "5.1.0",
     "userunknown", Cmd::rcpt_to},
    // Replies of the SMTP Field Manual's second batch (tests/bounce/public/README.md)
    {"outlook", 451, "451 4.3.2 Temporary server error. Please try again later ATTR17",
     Outcome::deferred, "4.3.2", "systemerror", Cmd::rcpt_to},
    {"comcast", 452, "452 4.1.1 <x@y.no> too many recent messages; Try again later",
     Outcome::deferred, "4.1.1", "speeding", Cmd::rcpt_to},
    {"qq", 550, "550 Sender frequency limited.", Outcome::bounced, "5.0.0", "speeding",
     Cmd::mail_from},
    {"yahoo", 421, "421 Max message per connection reached, closing transmission channel",
     Outcome::deferred, "4.3.2", "toomanyconn", Cmd::mail_from},
    {"qq", 550, "550 Mail content denied.", Outcome::bounced, "5.0.0", "spamdetected", Cmd::data},
    {"qq", 550, "550 Mail is rejected by recipients", Outcome::bounced, "5.0.0", "filtered",
     Cmd::data},
    {"comcast", 552, "552 5.1.1 <x@y.no> recipient rejected - extended quota violation",
     Outcome::bounced, "5.1.1", "mailboxfull", Cmd::rcpt_to},
    {"yahoo", 554, "554 delivery error: dd x@y.no is no longer valid. [-20]", Outcome::bounced,
     "5.0.0", "userunknown", Cmd::data},
    {"mailcow", 550, "550 smtp auth required", Outcome::bounced, "5.0.0", "securityerror",
     Cmd::mail_from},
    {"outlook", 550,
     "550 5.4.1 All recipient addresses rejected : Access denied "
     "[AM6PR.eop-nam02.prod.outlook.com]",
     Outcome::bounced, "5.4.1", "userunknown", Cmd::rcpt_to},
    {"rambler", 540, "540 5.7.1 <x@y.no>: recipient address rejected: Inactive", Outcome::bounced,
     "5.7.1", "suspend", Cmd::rcpt_to},
    // The test server (tests/support/smtp_server.py)
    {"aiosmtpd", 550, "550 5.7.1 Message rejected as spam", Outcome::bounced, "5.7.1",
     "spamdetected", Cmd::rcpt_to},
    {"aiosmtpd", 451, "451 4.3.0 Try again later", Outcome::deferred, "4.3.0", "systemerror",
     Cmd::rcpt_to},
    // No enhanced code, nothing said
    {"generic", 554, "554 Transaction failed", Outcome::bounced, "5.0.0", "systemerror", Cmd::data},
    {"generic", 550, "550 Requested action not taken", Outcome::bounced, "5.0.0", "undefined",
     Cmd::rcpt_to},
    {"generic", 421, "421 Service not available, closing transmission channel", Outcome::deferred,
     "4.3.2", "systemerror", Cmd::connection},
    {"generic", 250, "250 OK", Outcome::sent, "2.0.0", "", Cmd::data},
    // Connection-level: no reply at all
    {"none", 0, "Failed to connect to 127.0.0.1 port 1: Connection refused", Outcome::deferred, "",
     "networkerror", Cmd::connection},
};

INSTANTIATE_TEST_SUITE_P(RealServers, ClassifySmtpReply, ::testing::ValuesIn(kCases));

TEST(FindEnhancedCode, SkipsAddressesAndVersionNumbers) {
  EXPECT_EQ(domain::find_enhanced_code("550 5.1.1 <x@y>", 550), "5.1.1");
  EXPECT_EQ(domain::find_enhanced_code("550-5.7.1 [10.5.1.1] blocked", 550), "5.7.1");
  EXPECT_EQ(domain::find_enhanced_code("550 host 10.5.1.1 said no", 550), "");
  EXPECT_EQ(domain::find_enhanced_code("421 deferred - 4.16.55.1; see", 421), "");
  // Subjects run from 0 to 7; Yahoo's "[#4.16.1]" is its own reference.
  EXPECT_EQ(domain::find_enhanced_code("451 Resources temporarily unavailable [#4.16.1].", 451),
            "");
  EXPECT_EQ(domain::find_enhanced_code("451 4.7.650 rate limited", 451), "4.7.650");
  EXPECT_EQ(domain::find_enhanced_code("550 Address rejected (#5.1.1)", 550), "5.1.1");
  EXPECT_EQ(domain::find_enhanced_code("550 Mailbox rejected: 4.4.7 in text", 550), "");
  EXPECT_EQ(domain::find_enhanced_code("5.2.2 Mailbox full"), "5.2.2");
  EXPECT_EQ(domain::find_enhanced_code("550 5.1.1234 odd", 550), "");
}

TEST(ReplyDetail, JoinsMultilineReplies) {
  EXPECT_EQ(
      domain::reply_detail("550-5.1.1 The account does not exist.\r\n550-5.1.1 Please check\r\n"
                           "550 5.1.1  https://support.example/x - gsmtp\r\n"),
      "550-5.1.1 The account does not exist. Please check https://support.example/x - gsmtp");
  EXPECT_EQ(domain::reply_detail("550 5.1.1 <x@y>: User unknown"), "550 5.1.1 <x@y>: User unknown");
  EXPECT_EQ(domain::reply_detail("550-First\r\n550 Second"), "550-First Second");
}

// The words alone, as a provider quotes them without a code.
std::string words_say(std::string_view text, Cmd command = Cmd::unknown) {
  const std::string words = domain::reply_words(text);
  return domain::read_reply({words, "", 0, command});
}

TEST(ReadReply, MatchesWholeWordsOnly) {
  EXPECT_EQ(words_say("Blocked using Spamhaus"), "blocked");
  EXPECT_EQ(words_say("Message looks like SPAM"), "spamdetected");
  EXPECT_EQ(words_say("mailbox over quota"), "mailboxfull");
  EXPECT_EQ(words_say("No such user here", Cmd::rcpt_to), "userunknown");
  EXPECT_EQ(words_say("Relay access denied"), "norelaying");
  EXPECT_EQ(words_say("all good"), "");
}

TEST(ReadReply, UserUnknownAfterDataIsAFiltersVerdict) {
  EXPECT_EQ(words_say("550 No such user here", Cmd::rcpt_to), "userunknown");
  EXPECT_EQ(words_say("550 No such user here", Cmd::data), "filtered");
  EXPECT_EQ(words_say("550 No such user here"), "filtered");
  // Words only said of a missing address, or an address code, are the address at any command.
  EXPECT_EQ(words_say("550 Mailbox does not exist", Cmd::data), "userunknown");
  const std::string words = domain::reply_words("550 5.1.1 user unknown");
  EXPECT_EQ(domain::read_reply({words, "5.1.1", 550, Cmd::data}), "userunknown");
}

TEST(ReadReply, BeforeTheRecipientOnlyTheSenderOrTheConnectionIsRefused) {
  EXPECT_EQ(words_say("550 5.1.1 <shop@shop.example>: Sender address rejected: User unknown",
                      Cmd::mail_from),
            "rejected");
  EXPECT_EQ(words_say("554 Service unavailable", Cmd::connection), "blocked");
  EXPECT_EQ(words_say("421 Too many concurrent SMTP connections", Cmd::connection), "toomanyconn");
  EXPECT_EQ(words_say("554 Client host blocked using zen.spamhaus.org", Cmd::mail_from), "blocked");
}

TEST(ReadReply, CodesOfRfc3463DecideWhenTheWordsNameNothing) {
  // x.2.0: the mailbox exists, but something about it refused the message.
  const std::string words = domain::reply_words("550 5.2.0 Message not accepted");
  EXPECT_EQ(domain::read_reply({words, "5.2.0", 550, Cmd::rcpt_to}), "filtered");
  // An undefined code (x.y.0) beside words about our sender: the sender was refused.
  const std::string sender = domain::reply_words("550 5.2.0 From: Domain is invalid");
  const domain::ReportFacts about_sender{false, true, true, nullptr};
  EXPECT_EQ(domain::read_reply({sender, "5.2.0", 550, Cmd::data}, about_sender), "rejected");
  // A size refused at MAIL FROM (its SIZE parameter, RFC 1870) is about the message.
  const std::string size = domain::reply_words("552 5.2.3 Message size exceeds fixed maximum");
  EXPECT_EQ(domain::read_reply({size, "5.2.3", 552, Cmd::mail_from}), "exceedlimit");
  const std::string big = domain::reply_words("552 Message too large");
  EXPECT_EQ(domain::read_reply({big, "", 552, Cmd::mail_from}), "mesgtoobig");
}

TEST(SmtpCommandFromVerb, NamesTheStepOfTheSession) {
  EXPECT_EQ(domain::smtp_command_from_verb("MAIL"), Cmd::mail_from);
  EXPECT_EQ(domain::smtp_command_from_verb("RCPT"), Cmd::rcpt_to);
  EXPECT_EQ(domain::smtp_command_from_verb("DATA"), Cmd::data);
  EXPECT_EQ(domain::smtp_command_from_verb("BDAT"), Cmd::data);
  EXPECT_EQ(domain::smtp_command_from_verb("CONN"), Cmd::connection);
  EXPECT_EQ(domain::smtp_command_from_verb("EHLO"), Cmd::connection);
  EXPECT_EQ(domain::smtp_command_from_verb("AUTH"), Cmd::connection);
  EXPECT_EQ(domain::smtp_command_from_verb(""), Cmd::unknown);
  EXPECT_EQ(domain::smtp_command_from_verb("QUIT"), Cmd::unknown);
}

TEST(DefaultEnhancedCode, FollowsTheReplyCode) {
  EXPECT_EQ(domain::default_enhanced_code(250), "2.0.0");
  EXPECT_EQ(domain::default_enhanced_code(451), "4.3.0");
  EXPECT_EQ(domain::default_enhanced_code(550), "5.0.0");
  EXPECT_EQ(domain::default_enhanced_code(535), "5.7.8");
  EXPECT_EQ(domain::default_enhanced_code(354), "");
  EXPECT_EQ(domain::default_enhanced_code(0), "");
}

TEST(ClassifySmtpReplyOther, UnexpectedCodeIsDeferred) {
  const auto r = classify_smtp_reply("a@b", 354, "354 End data with <CR><LF>.<CR><LF>");
  EXPECT_EQ(r.outcome, Outcome::deferred);
  EXPECT_EQ(r.reason, "undefined");
}

}  // namespace
}  // namespace herald::delivery
