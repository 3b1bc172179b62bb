#include "delivery/smtp_dialog.h"

#include <gtest/gtest.h>

namespace herald::delivery {
namespace {

TEST(SmtpDialog, JoinsMultilineRepliesAndTagsTheCommand) {
  SmtpDialog d;
  d.on_received("220 mx.example.net ESMTP\r\n");
  d.on_sent("EHLO herald.test\r\n");
  d.on_received("250-mx.example.net\r\n250-SIZE 1000\r\n250 STARTTLS\r\n");
  d.on_sent("MAIL FROM:<a@b>\r\n");
  d.on_received("250 2.1.0 Ok\r\n");
  d.on_sent("RCPT TO:<x@gmail.com>\r\n");
  d.on_received("550-5.1.1 The email account that you tried to reach does not exist.\r\n");
  d.on_received("550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp\r\n");

  ASSERT_EQ(d.replies().size(), 4u);
  EXPECT_EQ(d.replies()[0].command, "");
  EXPECT_EQ(d.replies()[1].command, "EHLO");
  EXPECT_EQ(d.replies()[1].text, "250-mx.example.net\r\n250-SIZE 1000\r\n250 STARTTLS");
  const auto last = d.last_reply();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->code, 550);
  EXPECT_EQ(last->command, "RCPT");
  EXPECT_EQ(last->text,
            "550-5.1.1 The email account that you tried to reach does not exist.\r\n"
            "550 5.1.1 https://support.google.com/mail/?p=NoSuchUser - gsmtp");
}

TEST(SmtpDialog, ReassemblesLinesSplitAcrossCallbacks) {
  SmtpDialog d;
  d.on_sent("DATA\r\n");
  d.on_received("354 go");
  d.on_received(" ahead\r\n25");
  d.on_received("0 2.0.0 queued\r\n");
  ASSERT_EQ(d.replies().size(), 2u);
  EXPECT_EQ(d.replies()[0].text, "354 go ahead");
  EXPECT_EQ(d.replies()[1].code, 250);
  EXPECT_EQ(d.replies()[1].command, "DATA");
}

TEST(SmtpDialog, SkipsQuitAndKeepsAuthSecretsOut) {
  SmtpDialog d;
  d.on_sent("AUTH PLAIN AGhlcmFsZABzM2NyZXQ=\r\n");
  d.on_received("535 5.7.8 Authentication credentials invalid\r\n");
  d.on_sent("QUIT\r\n");
  d.on_received("221 Bye\r\n");
  const auto last = d.last_reply();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->code, 535);
  EXPECT_EQ(last->command, "AUTH");

  d.clear();
  EXPECT_TRUE(d.replies().empty());
  EXPECT_FALSE(d.last_reply());
  d.on_sent("AUTH LOGIN\r\n");
  d.on_sent("aGVyYWxk\r\n");  // base64 user name: not a verb, AUTH stays the command
  d.on_received("334 UGFzc3dvcmQ6\r\n");
  EXPECT_EQ(d.last_reply()->command, "AUTH");
}

}  // namespace
}  // namespace herald::delivery
