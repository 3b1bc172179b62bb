// Who a report is about and why, when it does not say it the usual way: an address the
// receiving side rewrote, Microsoft's junk-mail reports, a DSN whose diagnostic is a gateway's
// placeholder, Exim's own "Unrouteable address".
#include <gtest/gtest.h>

#include "bounce/bounce.h"
#include "bounce/only_recipient.h"

namespace herald::bounce {
namespace {

using testing::only;

// The receiving side rewrote the address (an alias, a mailbox of another name): the report
// names where it went and, beside it, the address the sender gave.
TEST(BounceParser, KeepsTheAddressTheSenderGaveBesideTheOneTheReportNames) {
  const BounceReport dsn = parse_bounce(
      "From: MAILER-DAEMON@mx.example.net\n"
      "Subject: Delivery failure\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n"
      "\n"
      "--B\n"
      "Content-Type: text/plain\n"
      "\n"
      "Your message could not be delivered: recipient reached disk quota\n"
      "--B\n"
      "Content-Type: message/delivery-status\n"
      "\n"
      "Reporting-MTA: dns; mx.example.net\n"
      "\n"
      "Action: failed\n"
      "Status: 5.2.2 (recipient reached disk quota)\n"
      "Original-recipient: rfc822;Ola.Nordmann@example.net\n"
      "Final-recipient: rfc822;ONORDMANN@mailhost.example.net\n"
      "--B--\n");
  EXPECT_EQ(only(dsn).address, "ONORDMANN@mailhost.example.net");
  EXPECT_EQ(only(dsn).original_address, "Ola.Nordmann@example.net");
  EXPECT_EQ(only(dsn).reason, "mailboxfull");

  const BounceReport sendmail = parse_bounce(
      "From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>\n"
      "Subject: Returned mail: see transcript for details\n"
      "\n"
      "The original message was received at Sat, 14 Oct 2026 06:14:45 +0200\n"
      "\n"
      "   ----- The following addresses had permanent fatal errors -----\n"
      "kari@mailhost.example.net\n"
      "    (expanded from: kari@example.net)\n"
      "\n"
      "   ----- Transcript of session follows -----\n"
      "554 Too many hops 26 (25 max): from shop@example.org via localhost, to kari@example.net\n");
  EXPECT_EQ(only(sendmail).address, "kari@mailhost.example.net");
  EXPECT_EQ(only(sendmail).original_address, "kari@example.net");
}

// Outlook.com / Hotmail junk reports (JMRP) return the reported message, attached or as the
// report itself; X-HmXmrOriginalRecipient names who marked it.
TEST(BounceParser, MicrosoftJunkReportsAreComplaintsOfTheirOriginalRecipient) {
  const std::string reported =
      "X-HmXmrOriginalRecipient: ola@outlook.example\n"
      "From: Shop <news@shop.example>\n"
      "To: ola@outlook.example\n"
      "Message-ID: <n-9@shop.example>\n"
      "Subject: Weekly offers\n"
      "\n"
      "Offers.\n";
  const BounceReport attached = parse_bounce(
      "From: staff@hotmail.com\n"
      "Subject: complaint about message from 192.0.2.7\n"
      "To: fbl@shop.example\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"J\"\n"
      "\n"
      "--J\n"
      "Content-Type: message/rfc822\n"
      "Content-Disposition: inline\n"
      "\n" +
      reported + "--J--\n");
  EXPECT_EQ(only(attached).address, "ola@outlook.example");
  EXPECT_EQ(only(attached).reason, "feedback");
  EXPECT_EQ(only(attached).feedback_type, "abuse");
  EXPECT_FALSE(only(attached).hard_bounce);
  EXPECT_EQ(attached.original_message_id, "n-9@shop.example");

  const BounceReport itself = parse_bounce("Return-Path: staff@hotmail.com\n" + reported);
  EXPECT_EQ(only(itself).address, "ola@outlook.example");
  EXPECT_EQ(only(itself).reason, "feedback");

  // The same message without Microsoft's header is an ordinary mail, not a report.
  EXPECT_FALSE(parse_bounce(reported.substr(reported.find('\n') + 1)).is_bounce);
}

// An X.400 gateway's DSN: its Diagnostic-Code is a placeholder, the text says what happened.
TEST(BounceParser, APlaceholderDiagnosticGivesWayToTheText) {
  const BounceReport r = parse_bounce(
      "From: postmaster@gateway.example.net\n"
      "Subject: Delivery Report (failure) for ola@example.net\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n"
      "\n"
      "--B\n"
      "Content-Type: text/plain\n"
      "\n"
      "Recipient: ola@example.net\n"
      "Information MTA '192.0.2.9' gives error message 5.7.1 Unable to relay for "
      "ola@example.net\n"
      "--B\n"
      "Content-Type: message/delivery-status\n"
      "\n"
      "Reporting-MTA: x400; gateway.example.net\n"
      "\n"
      "Final-Recipient: rfc822;ola@example.net\n"
      "Action: failed\n"
      "Status: 5.7.1\n"
      "Diagnostic-Code: x400; Diagnostic -1 (Unknown)\n"
      "--B--\n");
  EXPECT_EQ(only(r).reason, "norelaying");
  EXPECT_EQ(only(r).status, "5.7.1");
}

// Exim found no route to the recipient's domain and says so under the address, with no
// server's reply; a server's "550 Unrouteable address" to RCPT TO stays an unknown user
// (tests/delivery/smtp_reply_test.cpp).
TEST(BounceParser, EximsOwnUnrouteableAddressIsTheDomain) {
  const BounceReport r = parse_bounce(
      "From: Mail Delivery System <Mailer-Daemon@mail.example.org>\n"
      "Subject: Mail delivery failed: returning message to sender\n"
      "X-Failed-Recipients: ola@exmaple.net\n"
      "\n"
      "This message was created automatically by mail delivery software.\n"
      "\n"
      "A message that you sent could not be delivered to one or more of its\n"
      "recipients. This is a permanent error. The following address(es) failed:\n"
      "\n"
      "  ola@exmaple.net\n"
      "    Unrouteable address\n"
      "\n"
      "------ This is a copy of the message, including all the headers. ------\n");
  EXPECT_EQ(only(r).reason, "hostunknown");
  EXPECT_TRUE(only(r).hard_bounce);
}

}  // namespace
}  // namespace herald::bounce
