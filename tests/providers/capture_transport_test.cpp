#include "providers/capture/capture_transport.h"

#include <gtest/gtest.h>

namespace herald::providers {
namespace {

TEST(CaptureTransport, EveryRecipientIsSentOnceAndTheHeadersAreThoseOfTheMail) {
  delivery::OutgoingEmail email;
  email.herald_id = "01JCAPTURE";
  email.from = "Shop <shop@example.com>";
  email.to = {"sara@test.no", "ola@test.no"};
  email.cc = {"sara@test.no", "owner@example.com"};
  email.subject = "Ordre KRT-1001 er på vei";
  email.text = "Hei";
  email.message_id = "01JCAPTURE@example.com";
  email.return_path = "bounce+01JCAPTURE@example.com";
  CaptureEmailTransport transport;
  auto result = transport.send(email);
  ASSERT_EQ(result.recipients.size(), 3u);
  EXPECT_EQ(result.recipients[0].address, "sara@test.no");
  EXPECT_EQ(result.recipients[2].address, "owner@example.com");
  for (const auto& r : result.recipients) {
    EXPECT_EQ(r.outcome, domain::Outcome::sent);
    EXPECT_EQ(r.detail, kCapturedDetail);
  }
  EXPECT_NE(result.headers.find("Message-ID: <01JCAPTURE@example.com>"), std::string::npos)
      << result.headers;
  EXPECT_NE(result.headers.find("Subject:"), std::string::npos);

  email.envelope = {"ola@test.no"};  // a retry of the recipients still due
  result = transport.send(email);
  ASSERT_EQ(result.recipients.size(), 1u);
  EXPECT_EQ(result.recipients[0].address, "ola@test.no");
}

TEST(CaptureTransport, AnSmsIsSentToItsNumber) {
  CaptureSmsTransport transport;
  auto r = transport.send({"01JSMS", "SHOP", "+4790000000", "Hei", ""});
  EXPECT_EQ(r.address, "+4790000000");
  EXPECT_EQ(r.outcome, domain::Outcome::sent);
  EXPECT_EQ(r.detail, kCapturedDetail);
}

}  // namespace
}  // namespace herald::providers
