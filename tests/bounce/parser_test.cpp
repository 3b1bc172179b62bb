// The rules of the bounce parser on small hand-written reports, one per layout.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bounce/bounce.h"
#include "bounce/only_recipient.h"

namespace herald::bounce {
namespace {

using testing::only;

TEST(BounceParser, Rfc3464DeliveryStatus) {
  const BounceReport r = parse_bounce(
      "From: MAILER-DAEMON@mx.shop.example (Mail Delivery System)\n"
      "To: bounces+m123@shop.example\n"
      "Subject: Undelivered Mail Returned to Sender\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n"
      "\n"
      "--B\n"
      "Content-Type: text/plain\n"
      "\n"
      "<ola@example.net>: host mx.example.net[192.0.2.1] said: 550 5.1.1\n"
      "    <ola@example.net>: Recipient address rejected: User unknown in virtual mailbox\n"
      "    table (in reply to RCPT TO command)\n"
      "--B\n"
      "Content-Type: message/delivery-status\n"
      "\n"
      "Reporting-MTA: dns; mx.shop.example\n"
      "\n"
      "Final-Recipient: rfc822; ola@example.net\n"
      "Original-Recipient: rfc822;ola@example.net\n"
      "Action: failed\n"
      "Status: 5.1.1\n"
      "Diagnostic-Code: smtp; 550 5.1.1 <ola@example.net>: Recipient address rejected:\n"
      "    User unknown in virtual mailbox table\n"
      "--B\n"
      "Content-Type: text/rfc822-headers\n"
      "\n"
      "Return-Path: <bounces+m123@shop.example>\n"
      "Message-ID: <order-1001@shop.example>\n"
      "X-Herald-Message-Id: msg_01HZX\n"
      "Subject: =?utf-8?q?Din_ordre_er_sendt?=\n"
      "--B--\n");
  const BounceRecipient& x = only(r);
  EXPECT_EQ(x.address, "ola@example.net");
  EXPECT_EQ(x.status, "5.1.1");
  EXPECT_EQ(x.reply_code, "550");
  EXPECT_EQ(x.reason, "userunknown");
  EXPECT_TRUE(x.hard_bounce);
  EXPECT_NE(x.diagnostic.find("User unknown"), std::string::npos) << x.diagnostic;
  EXPECT_EQ(r.original_message_id, "order-1001@shop.example");
  EXPECT_EQ(r.original_return_path, "bounces+m123@shop.example");
  EXPECT_EQ(r.original_subject, "Din ordre er sendt");
  ASSERT_EQ(r.original_x_herald_message_ids.size(), 1u);
  EXPECT_EQ(r.original_x_herald_message_ids[0], "msg_01HZX");
  EXPECT_EQ(r.report_to, "bounces+m123@shop.example");
  EXPECT_EQ(x.original_address, "");  // Original-Recipient is the same address
}

// A plain-text report that names the command in its own words ("after RCPT command").
TEST(BounceParser, TextThatNamesTheRcptCommandIsAboutTheAddress) {
  const BounceReport r = parse_bounce(
      "From: MAILER-DAEMON@mx.example.net\n"
      "Subject: failure notice\n"
      "\n"
      "Your message to ola@example.net could not be delivered.\n"
      "\n"
      "ola@example.net: after RCPT command: 550 user unknown\n");
  EXPECT_EQ(only(r).address, "ola@example.net");
  EXPECT_EQ(only(r).reason, "userunknown");
  EXPECT_TRUE(only(r).hard_bounce);
}

TEST(BounceParser, DelayedDsnIsSoft) {
  const BounceRecipient x = only(
      parse_bounce("From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example>\n"
                   "Subject: Warning: could not send message for past 4 hours\n"
                   "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n"
                   "\n--b\nContent-Type: text/plain\n\nStill trying.\n"
                   "--b\nContent-Type: message/delivery-status\n\n"
                   "Final-Recipient: RFC822; kari@example.org\nAction: delayed\nStatus: 4.4.7\n"
                   "--b--\n"));
  EXPECT_EQ(x.status, "4.4.7");
  EXPECT_EQ(x.reason, "expired");
  EXPECT_FALSE(x.hard_bounce);
}

TEST(BounceParser, ArfComplaint) {
  const BounceReport r = parse_bounce(
      "From: fbl@isp.example\n"
      "To: abuse@shop.example\n"
      "Subject: Abuse report\n"
      "Content-Type: multipart/report; report-type=feedback-report; boundary=\"f\"\n"
      "\n--f\nContent-Type: text/plain\n\nA user marked this message as spam.\n"
      "--f\nContent-Type: message/feedback-report\n\n"
      "Feedback-Type: abuse\nUser-Agent: FBL/1.0\nVersion: 1\n"
      "Original-Rcpt-To: per@example.no\n"
      "--f\nContent-Type: message/rfc822\n\n"
      "From: Shop <news@shop.example>\nTo: per@example.no\nMessage-ID: <n-77@shop.example>\n"
      "Subject: Tilbud\n\nKjøp!\n"
      "--f--\n");
  const BounceRecipient& x = only(r);
  EXPECT_EQ(x.address, "per@example.no");
  EXPECT_EQ(x.reason, "feedback");
  EXPECT_EQ(x.feedback_type, "abuse");
  EXPECT_EQ(x.status, "");
  EXPECT_FALSE(x.hard_bounce);
  EXPECT_EQ(r.original_message_id, "n-77@shop.example");
}

TEST(BounceParser, VacationReply) {
  const BounceRecipient x =
      only(parse_bounce("From: Kari Nordmann <kari@example.no>\n"
                        "To: orders@shop.example\n"
                        "Subject: Abwesenheitsnotiz: Your order 1001\n"
                        "Auto-Submitted: auto-replied\n"
                        "\n"
                        "Ich bin bis Montag nicht im Büro.\n"));
  EXPECT_EQ(x.address, "kari@example.no");
  EXPECT_EQ(x.reason, "vacation");
  EXPECT_FALSE(x.hard_bounce);
  EXPECT_EQ(x.status, "");
}

TEST(BounceParser, PostfixPlainTextBounce) {
  const BounceRecipient x = only(
      parse_bounce("From: MAILER-DAEMON@mail.shop.example (Mail Delivery System)\n"
                   "To: orders@shop.example\n"
                   "Subject: Undelivered Mail Returned to Sender\n"
                   "\n"
                   "This is the mail system at host mail.shop.example.\n"
                   "\n"
                   "I'm sorry to have to inform you that your message could not\n"
                   "be delivered to one or more recipients.\n"
                   "\n"
                   "<nina@example.se>: host mx.example.se[192.0.2.9] said: 552 5.2.2 Mailbox full\n"
                   "    (in reply to RCPT TO command)\n"));
  EXPECT_EQ(x.address, "nina@example.se");
  EXPECT_EQ(x.status, "5.2.2");
  EXPECT_EQ(x.reply_code, "552");
  EXPECT_EQ(x.reason, "mailboxfull");
  EXPECT_FALSE(x.hard_bounce);
}

TEST(BounceParser, EximBounceWithInlineCopy) {
  const BounceReport r = parse_bounce(
      "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\n"
      "To: orders@shop.example\n"
      "Subject: Mail delivery failed: returning message to sender\n"
      "X-Failed-Recipients: ola@example.com\n"
      "\n"
      "This message was created automatically by mail delivery software.\n"
      "\n"
      "A message that you sent could not be delivered to one or more of its\n"
      "recipients. This is a permanent error. The following address(es) failed:\n"
      "\n"
      "  ola@example.com\n"
      "    host mx.example.com [192.0.2.7]\n"
      "    SMTP error from remote mail server after RCPT TO:<ola@example.com>:\n"
      "    550 No such user here\n"
      "\n"
      "------ This is a copy of the message, including all the headers. ------\n"
      "\n"
      "Return-path: <orders@shop.example>\n"
      "Message-Id: <o-42@shop.example>\n"
      "From: orders@shop.example\n"
      "To: ola@example.com\n"
      "Subject: Ordre 42\n"
      "\n"
      "Takk for ordren.\n");
  const BounceRecipient& x = only(r);
  EXPECT_EQ(x.address, "ola@example.com");
  EXPECT_EQ(x.reply_code, "550");
  EXPECT_EQ(x.reason, "userunknown");
  EXPECT_EQ(x.status, "5.0.911");  // none stated: the reason's x.0.9xx code
  EXPECT_TRUE(x.hard_bounce);
  EXPECT_EQ(r.original_message_id, "o-42@shop.example");
}

TEST(BounceParser, QmailBounce) {
  const BounceRecipient x = only(
      parse_bounce("From: MAILER-DAEMON@mx.example.net\n"
                   "Subject: failure notice\n"
                   "\n"
                   "Hi. This is the qmail-send program at mx.example.net.\n"
                   "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
                   "This is a permanent error; I've given up. Sorry it didn't work out.\n"
                   "\n"
                   "<lars@example.dk>:\n"
                   "192.0.2.3 does not like recipient.\n"
                   "Remote host said: 550 5.7.1 Service unavailable; client host blocked using "
                   "zen.spamhaus.org\n"
                   "Giving up on 192.0.2.3.\n"));
  EXPECT_EQ(x.address, "lars@example.dk");
  EXPECT_EQ(x.reason, "blocked");
  EXPECT_FALSE(x.hard_bounce);
}

TEST(BounceParser, AmazonSesNotification) {
  const BounceRecipient x = only(
      parse_bounce("From: no-reply@sns.amazonaws.com\n"
                   "Subject: AWS Notification Message\n"
                   "\n"
                   R"({"notificationType":"Bounce","bounce":{"bounceType":"Permanent",)"
                   R"("bouncedRecipients":[{"emailAddress":"eva@example.fi","action":"failed",)"
                   R"("status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}]},)"
                   R"("mail":{"headers":[{"name":"Message-ID","value":"<s-1@shop.example>"}]}})"
                   "\n"));
  EXPECT_EQ(x.address, "eva@example.fi");
  EXPECT_EQ(x.status, "5.1.1");
  EXPECT_EQ(x.reply_code, "550");
  EXPECT_EQ(x.reason, "userunknown");
}

TEST(BounceParser, OrdinaryMessageIsNotABounce) {
  const BounceReport r = parse_bounce(
      "From: Kari <kari@example.no>\n"
      "To: orders@shop.example\n"
      "Subject: Re: Your order 1001\n"
      "Content-Type: multipart/mixed; boundary=\"m\"\n"
      "\n--m\nContent-Type: text/plain\n\nThe parcel could not be delivered to my door, "
      "please resend to kari@example.no.\n"
      "--m\nContent-Type: message/rfc822\n\nFrom: orders@shop.example\nTo: kari@example.no\n"
      "Subject: Your order 1001\n\nShipped.\n--m--\n");
  EXPECT_FALSE(r.is_bounce);
  EXPECT_TRUE(r.recipients.empty());
}

TEST(BounceParser, GarbageIsNotABounce) {
  EXPECT_FALSE(parse_bounce("").is_bounce);
  EXPECT_FALSE(parse_bounce("\x01\x02 not a message at all").is_bounce);
  EXPECT_FALSE(parse_bounce("Content-Type: multipart/report; boundary=x\n\n--x\n").is_bounce);
}

TEST(BounceJson, ContractShape) {
  BounceReport r;
  r.is_bounce = true;
  r.recipients.push_back({"a@example.com", "5.1.1", "550", "userunknown", true, "", "550 \"x\""});
  const auto j = nlohmann::ordered_json::parse(bounce_json_line("x.eml", r));
  EXPECT_EQ(j.dump(),
            R"({"file":"x.eml","is_bounce":true,"recipients":[{"address":"a@example.com",)"
            R"("status":"5.1.1","reply_code":"550","reason":"userunknown","hard_bounce":true,)"
            R"("feedback_type":"","diagnostic":"550 \"x\""}]})");
  EXPECT_EQ(bounce_json_line("y.eml", BounceReport{}),
            R"({"file":"y.eml","is_bounce":false,"recipients":[]})");
}

// A report's text part may come base64 or uuencoded (old Sendmail, some gateways): both are
// decoded before the text is read.
TEST(BounceParser, TextPartsInBase64AndUuencode) {
  auto report = [](std::string_view encoding, std::string_view body) {
    return parse_bounce(std::string("From: MAILER-DAEMON@mx.shop.example\n"
                                    "Subject: Undelivered Mail Returned to Sender\n"
                                    "Content-Type: multipart/mixed; boundary=\"B\"\n\n"
                                    "--B\n"
                                    "Content-Type: text/plain; charset=us-ascii\n"
                                    "Content-Transfer-Encoding: ") +
                        std::string(encoding) + "\n\n" + std::string(body) + "\n--B--\n");
  };
  const BounceReport b64 =
      report("base64",
             "VGhpcyBpcyB0aGUgbWFpbCBzeXN0ZW0gYXQgaG9zdCBteC5zaG9wLmV4YW1wbGUuCgo8b2xhQGV4\n"
             "YW1wbGUubmV0PjogaG9zdCBteC5leGFtcGxlLm5ldCBzYWlkOiA1NTIgNS4yLjIgPG9sYUBleGFt\n"
             "cGxlLm5ldD46IE1haWxib3ggZnVsbCAoaW4gcmVwbHkgdG8gUkNQVCBUTyBjb21tYW5kKQo=");
  ASSERT_EQ(b64.recipients.size(), 1u);
  EXPECT_EQ(b64.recipients[0].address, "ola@example.net");
  EXPECT_EQ(b64.recipients[0].status, "5.2.2");
  EXPECT_EQ(b64.recipients[0].reason, "mailboxfull");

  const BounceReport uu =
      report("x-uuencode",
             "begin 644 report.txt\n"
             "M5&AI<R!I<R!T:&4@;6%I;\"!S>7-T96T@870@:&]S=\"!M>\"YS:&]P+F5X86UP\n"
             "M;&4N\"@H\\:V%R:4!E>&%M<&QE+FYE=#XZ(&AO<W0@;7@N97AA;7!L92YN970@\n"
             "M<V%I9#H@-34P(#4N,2XQ(#QK87)I0&5X86UP;&4N;F5T/CH@4F5C:7!I96YT\n"
             "M(&%D9')E<W,@<F5J96-T960Z(%5S97(@=6YK;F]W;B`H:6X@<F5P;\'D@=&\\@\n"
             "14D-05\"!43R!C;VUM86YD*0H`\n"
             "`\n"
             "end");
  ASSERT_EQ(uu.recipients.size(), 1u);
  EXPECT_EQ(uu.recipients[0].address, "kari@example.net");
  EXPECT_EQ(uu.recipients[0].status, "5.1.1");
  EXPECT_EQ(uu.recipients[0].reason, "userunknown");
}

// The exact bytes: plain ASCII is copied, everything else escaped the JSON way; text that is
// not valid UTF-8 gets U+FFFD instead of failing the line; recipients are comma separated.
TEST(BounceJson, EscapesExactly) {
  BounceReport r;
  r.is_bounce = true;
  r.recipients.push_back({"a@example.com", "5.2.2", "552", "mailboxfull", false, "", "full"});
  r.recipients.push_back(
      {"b@example.com", "", "", "onhold", false, "", "tab\there \"q\" back\\ \x01 \xC3\xA6 \xFF"});
  EXPECT_EQ(bounce_json_line("dir/\"odd\".eml", r),
            R"({"file":"dir/\"odd\".eml","is_bounce":true,"recipients":[)"
            R"({"address":"a@example.com","status":"5.2.2","reply_code":"552",)"
            R"("reason":"mailboxfull","hard_bounce":false,"feedback_type":"","diagnostic":"full"},)"
            R"({"address":"b@example.com","status":"","reply_code":"","reason":"onhold",)"
            R"("hard_bounce":false,"feedback_type":"",)"
            "\"diagnostic\":\"tab\\there \\\"q\\\" back\\\\ \\u0001 \xC3\xA6 \xEF\xBF\xBD\"}]}");
}

// The report's own header is read by Herald and only its MIME fields reach GMime: a folded
// field Herald reads (Delivered-To), fields it skips (Received) and a folded Content-Type.
TEST(BounceParser, TopHeaderFoldedFieldsAndSkippedFields) {
  const BounceReport r = parse_bounce(
      "Received: from mx.shop.example (mx.shop.example [192.0.2.9])\n"
      "\tby relay.example; Mon, 23 Nov 2026 10:00:00 +0000\n"
      "Delivered-To:\n"
      "  bounces+m77@shop.example\n"
      "From: MAILER-DAEMON@mx.shop.example\n"
      "Subject: =?utf-8?Q?Undelivered_Mail?=\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/report; report-type=delivery-status;\n"
      "\tboundary=\"folded-B\"\n"
      "\n"
      "--folded-B\n"
      "Content-Type: message/delivery-status\n"
      "\n"
      "Reporting-MTA: dns; mx.shop.example\n"
      "\n"
      "Final-Recipient: rfc822; kari@example.net\n"
      "Action: failed\n"
      "Status: 5.2.2\n"
      "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\n"
      "--folded-B--\n");
  const BounceRecipient& x = only(r);
  EXPECT_EQ(x.address, "kari@example.net");
  EXPECT_EQ(x.status, "5.2.2");
  EXPECT_EQ(x.reason, "mailboxfull");
  EXPECT_EQ(r.report_to, "bounces+m77@shop.example");
}

// "<words>: address" names a failed recipient when its words say that something failed, even
// words no reason table knows.
TEST(BounceParser, LabelThatSaysAFailureNamesTheRecipient) {
  const BounceReport r = parse_bounce(
      "From: Mail Delivery System <postmaster@mx.example.net>\n"
      "To: bounces+m5@shop.example\n"
      "Subject: Undeliverable Mail\n"
      "\n"
      "Message could not be delivered after 12 tries: ola@example.net\n"
      "\n"
      "\n"
      "Original message follows.\n"
      "\n"
      "From: shop@shop.example\n"
      "To: ola@example.net\n"
      "Subject: Your order\n");
  EXPECT_EQ(only(r).address, "ola@example.net");
}

TEST(BounceParser, SendmailTranscriptNamesTheCommandTheReplyAnswered) {
  // The delivery-status part does not say the reply answered DATA; the transcript does, so a
  // security code there refuses the message itself.
  const BounceRecipient x = only(
      parse_bounce("From: Mail Delivery Subsystem <MAILER-DAEMON@mail.shop.example>\n"
                   "To: orders@shop.example\n"
                   "Subject: Returned mail: see transcript for details\n"
                   "MIME-Version: 1.0\n"
                   "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b1\"\n"
                   "\n"
                   "--b1\n"
                   "Content-Type: text/plain\n"
                   "\n"
                   "   ----- The following addresses had permanent fatal errors -----\n"
                   "<nina@example.se>\n"
                   "    (reason: 552 5.7.0 Our system refused this message)\n"
                   "\n"
                   "   ----- Transcript of session follows -----\n"
                   "... while talking to mx.example.se.:\n"
                   ">>> DATA\n"
                   "<<< 552 5.7.0 Our system refused this message\n"
                   "\n"
                   "--b1\n"
                   "Content-Type: message/delivery-status\n"
                   "\n"
                   "Reporting-MTA: dns; mail.shop.example\n"
                   "\n"
                   "Final-Recipient: RFC822; nina@example.se\n"
                   "Action: failed\n"
                   "Status: 5.7.0\n"
                   "Diagnostic-Code: SMTP; 552 5.7.0 Our system refused this message\n"
                   "\n"
                   "--b1--\n"));
  EXPECT_EQ(x.status, "5.7.0");
  EXPECT_EQ(x.reason, "policyviolation");
}

}  // namespace
}  // namespace herald::bounce
