// Dispatcher behaviour for the message types that need it: one-time codes and newsletters.
#include <gtest/gtest.h>

#include "delivery/dispatcher.h"
#include "delivery/dispatcher_fixture.h"

namespace herald::delivery {
namespace {

using domain::Channel;
using domain::MessageStatus;
using domain::Outcome;

struct MessageTypesDispatcherTest : testing_support::DispatcherFixture {
  Dispatcher dispatcher{*db, clock, metrics, DispatcherConfig{}, nullptr, nullptr};
  SecretVault vault;

  std::string queue(const std::string& type, Channel ch, std::vector<std::string> to,
                    const std::string& body) {
    store::NewMessage m;
    m.channel = ch;
    m.type = type;
    m.from = "shop@example.com";
    m.to = to;
    m.search_addresses = to;
    m.subject = "Hi";
    m.text = body;
    m.sms = body;
    return queue_message(std::move(m));
  }
};

TEST_F(MessageTypesDispatcherTest, OtpSendsTheClearTextHeldInMemoryAndForgetsIt) {
  dispatcher.set_secret_vault(&vault);
  auto id = queue("otp", Channel::sms, {"+4790000001"}, "Code ******");
  vault.put(id, "Code 123456");
  EXPECT_EQ(dispatcher.run_once(Channel::sms, nullptr, &sms), 1);
  ASSERT_EQ(sms.sent.size(), 1u);
  EXPECT_EQ(sms.sent[0].text, "Code 123456");
  EXPECT_EQ(db->get_content(shop.id, row(id).seq).sms, "Code ******");
  EXPECT_FALSE(vault.get(id));
  EXPECT_EQ(row(id).status, MessageStatus::sent);
}

TEST_F(MessageTypesDispatcherTest, OtpWithoutItsClearTextFailsInsteadOfSendingTheMask) {
  dispatcher.set_secret_vault(&vault);  // e.g. after a restart: the vault is empty
  auto id = queue("otp", Channel::sms, {"+4790000001"}, "Code ******");
  EXPECT_EQ(dispatcher.run_once(Channel::sms, nullptr, &sms), 1);
  EXPECT_TRUE(sms.sent.empty());
  EXPECT_EQ(row(id).status, MessageStatus::failed);
  EXPECT_EQ(row(id).fail_count, 1);
}

TEST_F(MessageTypesDispatcherTest, NewsletterRecipientsAreInTheEnvelopeOnly) {
  auto id = queue("newsletter", Channel::email, {"a@test.no", "b@test.no"}, "News");
  EXPECT_EQ(dispatcher.run_once(Channel::email, &email, nullptr), 1);
  ASSERT_EQ(email.sent.size(), 1u);
  EXPECT_EQ(email.sent[0].to, std::vector<std::string>{"shop@example.com"});
  EXPECT_EQ(email.sent[0].envelope, (std::vector<std::string>{"a@test.no", "b@test.no"}));
  EXPECT_EQ(row(id).status, MessageStatus::sent);
}

}  // namespace
}  // namespace herald::delivery
