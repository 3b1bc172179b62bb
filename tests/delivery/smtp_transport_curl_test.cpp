#include "delivery/smtp_transport_curl.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "smtp_test_server.h"

namespace herald::delivery {
namespace {

using domain::Outcome;
using testing::SmtpTestServer;

OutgoingEmail email_to(std::vector<std::string> to, std::vector<std::string> cc = {}) {
  OutgoingEmail e;
  e.herald_id = "msg-7";
  e.from = "Butikk <shop@example.com>";
  e.to = std::move(to);
  e.cc = std::move(cc);
  e.subject = "Din ordre er på vei";
  e.text = "Hei,\nordren er sendt.\n.\n.hidden line\n";
  e.html = "<p>Hei, ordren er sendt.</p>";
  e.message_id = "msg-7.1@herald.example.com";
  e.return_path = "bounce+msg-7@example.com";
  return e;
}

SmtpConfig config_for(const SmtpTestServer& server) {
  SmtpConfig c;
  c.url = server.url();
  c.helo_domain = "herald.test";
  c.connect_timeout_ms = 5000;
  c.timeout_ms = 10000;
  return c;
}

// A TCP port on 127.0.0.1 that was free a moment ago; nothing listens on it.
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

TEST(CurlSmtpTransport, SendsTwoMessagesOverOneConnection) {
  SmtpTestServer server;
  CurlSmtpTransport transport(config_for(server));

  const EmailSendResult first = transport.send(email_to({"Sara <sara@test.no>"}));
  const EmailSendResult second = transport.send(email_to({"kari@test.no"}));

  ASSERT_EQ(first.recipients.size(), 1u);
  EXPECT_EQ(first.recipients[0].address, "sara@test.no");
  EXPECT_EQ(first.recipients[0].outcome, Outcome::sent) << first.recipients[0].detail;
  EXPECT_EQ(first.recipients[0].smtp_code, 250);
  EXPECT_EQ(first.recipients[0].detail, "250 2.0.0 Ok: queued");
  ASSERT_EQ(second.recipients.size(), 1u);
  EXPECT_EQ(second.recipients[0].outcome, Outcome::sent) << second.recipients[0].detail;

  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["connection"], messages[1]["connection"]);
  EXPECT_EQ(messages[0]["mail_from"], "bounce+msg-7@example.com");
  EXPECT_EQ(messages[0]["rcpt_tos"], nlohmann::json::array({"sara@test.no"}));
  EXPECT_EQ(messages[1]["rcpt_tos"], nlohmann::json::array({"kari@test.no"}));
  const std::string data = messages[0]["data"];
  EXPECT_EQ(data.substr(0, first.headers.size()), first.headers);
  EXPECT_NE(data.find("Message-ID: <msg-7.1@herald.example.com>\r\n"), std::string::npos);
  // Dot-stuffing is libcurl's job; the server must see the lines unchanged.
  EXPECT_NE(data.find("\r\n.\r\n.hidden line\r\n"), std::string::npos);
}

TEST(CurlSmtpTransport, ReportsEachRecipientsOwnReply) {
  SmtpTestServer server;
  CurlSmtpTransport transport(config_for(server));

  const EmailSendResult result =
      transport.send(email_to({"ok@test.no", "unknown.person@test.no", "full@test.no"},
                              {"blocked@test.no", "later@test.no"}));

  ASSERT_EQ(result.recipients.size(), 5u);
  const auto& ok = result.recipients[0];
  EXPECT_EQ(ok.address, "ok@test.no");
  EXPECT_EQ(ok.outcome, Outcome::sent);

  const auto& unknown = result.recipients[1];
  EXPECT_EQ(unknown.address, "unknown.person@test.no");
  EXPECT_EQ(unknown.outcome, Outcome::bounced);
  EXPECT_EQ(unknown.smtp_code, 550);
  EXPECT_EQ(unknown.enhanced_code, "5.1.1");
  EXPECT_EQ(unknown.reason, "userunknown");
  EXPECT_EQ(unknown.detail,
            "550 5.1.1 <unknown.person@test.no>: Recipient address rejected: User unknown in "
            "virtual mailbox table");

  const auto& full = result.recipients[2];
  EXPECT_EQ(full.outcome, Outcome::deferred);
  EXPECT_EQ(full.smtp_code, 452);
  EXPECT_EQ(full.enhanced_code, "4.2.2");
  EXPECT_EQ(full.reason, "mailboxfull");

  const auto& blocked = result.recipients[3];
  EXPECT_EQ(blocked.address, "blocked@test.no");
  EXPECT_EQ(blocked.outcome, Outcome::bounced);
  EXPECT_EQ(blocked.enhanced_code, "5.7.1");
  EXPECT_EQ(blocked.reason, "spamdetected");

  const auto& later = result.recipients[4];
  EXPECT_EQ(later.outcome, Outcome::deferred);
  EXPECT_EQ(later.smtp_code, 451);
  EXPECT_EQ(later.detail, "451 4.3.0 Try again later");

  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["rcpt_tos"], nlohmann::json::array({"ok@test.no"}));
}

TEST(CurlSmtpTransport, DeferredRecipientGoesThroughOnRetry) {
  SmtpTestServer server({"--defer-times", "2"});
  CurlSmtpTransport transport(config_for(server));
  const auto email = email_to({"later@test.no"});
  EXPECT_EQ(transport.send(email).recipients.at(0).outcome, Outcome::deferred);
  EXPECT_EQ(transport.send(email).recipients.at(0).outcome, Outcome::deferred);
  EXPECT_EQ(transport.send(email).recipients.at(0).outcome, Outcome::sent);
  EXPECT_EQ(server.messages().size(), 1u);
}

TEST(CurlSmtpTransport, KeepsSendingAfterARejection) {
  SmtpTestServer server;
  CurlSmtpTransport transport(config_for(server));
  EXPECT_EQ(transport.send(email_to({"unknown@test.no"})).recipients.at(0).outcome,
            Outcome::bounced);
  EXPECT_EQ(transport.send(email_to({"a@test.no"})).recipients.at(0).outcome, Outcome::sent);
  EXPECT_EQ(transport.send(email_to({"b@test.no"})).recipients.at(0).outcome, Outcome::sent);
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0]["connection"], messages[1]["connection"]);
}

TEST(CurlSmtpTransport, SendsEachAddressOnce) {
  SmtpTestServer server;
  CurlSmtpTransport transport(config_for(server));
  const auto result = transport.send(email_to({"sara@test.no", "Sara <SARA@test.no>"}, {"o@x.no"}));
  ASSERT_EQ(result.recipients.size(), 2u);
  EXPECT_EQ(result.recipients[1].address, "o@x.no");
  EXPECT_EQ(server.messages().size(), 2u);
}

TEST(CurlSmtpTransport, SendsOnlyToTheGivenEnvelope) {
  SmtpTestServer server;
  CurlSmtpTransport transport(config_for(server));
  OutgoingEmail email = email_to({"sara@test.no"}, {"kari@test.no"});
  email.envelope = {"kari@test.no"};  // a retry: sara already has it
  const auto result = transport.send(email);
  ASSERT_EQ(result.recipients.size(), 1u);
  EXPECT_EQ(result.recipients[0].address, "kari@test.no");
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["rcpt_tos"], nlohmann::json::array({"kari@test.no"}));
  const std::string data = messages[0]["data"];
  EXPECT_NE(data.find("To: sara@test.no\r\n"), std::string::npos);
}

TEST(CurlSmtpTransport, RefusedSenderFailsWithoutBlamingTheRecipient) {
  SmtpTestServer server;
  CurlSmtpTransport transport(config_for(server));
  OutgoingEmail email = email_to({"sara@test.no"});
  email.return_path = "rejected@nx.invalid";
  const auto r = transport.send(email).recipients.at(0);
  EXPECT_EQ(r.outcome, Outcome::failed);
  EXPECT_EQ(r.smtp_code, 553);
  EXPECT_EQ(r.enhanced_code, "5.1.8");
  EXPECT_EQ(r.reason, "rejected");
  EXPECT_TRUE(server.messages().empty());
}

// The same words mean a missing address at RCPT TO and a filter's verdict after DATA, as a
// bounce report that names the command reads them.
TEST(CurlSmtpTransport, ReadsTheReplyWithTheCommandItAnswered) {
  SmtpTestServer server;
  CurlSmtpTransport transport(config_for(server));
  const auto at_rcpt = transport.send(email_to({"nosuchuser@test.no"})).recipients.at(0);
  EXPECT_EQ(at_rcpt.outcome, Outcome::bounced);
  EXPECT_EQ(at_rcpt.detail, "550 User unknown");
  EXPECT_EQ(at_rcpt.reason, "userunknown");
  const auto after_data = transport.send(email_to({"afterdata@test.no"})).recipients.at(0);
  EXPECT_EQ(after_data.outcome, Outcome::bounced);
  EXPECT_EQ(after_data.detail, "550 User unknown");
  EXPECT_EQ(after_data.reason, "filtered");
  EXPECT_TRUE(server.messages().empty());
}

TEST(CurlSmtpTransport, AuthenticatesWithTheConfiguredCredentials) {
  SmtpTestServer server({"--auth", "herald:s3cret"});
  SmtpConfig config = config_for(server);
  config.username = "herald";
  config.password = "s3cret";
  CurlSmtpTransport good(config);
  EXPECT_EQ(good.send(email_to({"sara@test.no"})).recipients.at(0).outcome, Outcome::sent);

  config.password = "wrong";
  CurlSmtpTransport bad(config);
  const auto result = bad.send(email_to({"sara@test.no", "kari@test.no"}));
  ASSERT_EQ(result.recipients.size(), 2u);
  for (const auto& r : result.recipients) {
    EXPECT_EQ(r.outcome, Outcome::deferred);
    EXPECT_EQ(r.smtp_code, 535);
    EXPECT_EQ(r.reason, "securityerror");
  }
  EXPECT_EQ(result.recipients[1].address, "kari@test.no");
  EXPECT_EQ(server.messages().size(), 1u);
}

TEST(CurlSmtpTransport, ConnectionRefusedIsDeferredNetworkError) {
  SmtpConfig config;
  config.url = "smtp://127.0.0.1:" + std::to_string(closed_port());
  config.connect_timeout_ms = 2000;
  CurlSmtpTransport transport(config);
  const auto result = transport.send(email_to({"sara@test.no"}, {"kari@test.no"}));
  ASSERT_EQ(result.recipients.size(), 2u);
  for (const auto& r : result.recipients) {
    EXPECT_EQ(r.outcome, Outcome::deferred);
    EXPECT_EQ(r.smtp_code, 0);
    EXPECT_EQ(r.reason, "networkerror");
    EXPECT_NE(r.detail.find("onnect"), std::string::npos) << r.detail;
  }
  EXPECT_FALSE(result.headers.empty());
}

TEST(CurlSmtpTransport, SilentServerTimesOut) {
  // A listening socket that never accepts: the TCP handshake completes, no greeting comes.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);

  SmtpConfig config;
  config.url = "smtp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  config.timeout_ms = 300;
  CurlSmtpTransport transport(config);
  const auto result = transport.send(email_to({"sara@test.no"}));
  close(fd);
  ASSERT_EQ(result.recipients.size(), 1u);
  EXPECT_EQ(result.recipients[0].outcome, Outcome::deferred);
  EXPECT_EQ(result.recipients[0].reason, "networkerror");
  EXPECT_NE(result.recipients[0].detail.find("imeout"), std::string::npos)
      << result.recipients[0].detail;
}

TEST(CurlSmtpTransport, ARelayThatNeverGreetsIsGivenUpAfterTheGreetingTimeout) {
  // The kernel completes the TCP handshake for a listening socket nobody accepts from.
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);

  SmtpConfig config;
  config.url = "smtp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  config.connect_timeout_ms = 30'000;
  config.greeting_timeout_ms = 1'000;
  CurlSmtpTransport transport(config);
  const auto result = transport.send(email_to({"sara@test.no"}, {"kari@test.no"}));
  close(fd);
  ASSERT_EQ(result.recipients.size(), 2u);
  for (const auto& r : result.recipients) {
    EXPECT_EQ(r.outcome, Outcome::deferred);
    EXPECT_EQ(r.reason, "networkerror");
    EXPECT_EQ(r.detail, "connected, but the relay sent no greeting within 1 s");
  }
  EXPECT_EQ(result.relay_unreachable, "connected, but the relay sent no greeting within 1 s");
}

TEST(CurlSmtpTransport, SaysWhenNoSessionCouldBeOpened) {
  SmtpConfig refused;
  refused.url = "smtp://127.0.0.1:" + std::to_string(closed_port());
  EXPECT_NE(CurlSmtpTransport(refused).send(email_to({"a@test.no"})).relay_unreachable, "");
  // A relay that greets opened a session, whatever it then says about the message.
  SmtpTestServer server;
  CurlSmtpTransport transport(config_for(server));
  const auto rejected = transport.send(email_to({"unknown@test.no"}));
  EXPECT_EQ(rejected.recipients.at(0).outcome, Outcome::bounced);
  EXPECT_EQ(rejected.relay_unreachable, "");
  EXPECT_EQ(transport.send(email_to({"a@test.no"})).relay_unreachable, "");
}

TEST(CurlSmtpTransport, SurvivesARelayRestartBetweenMessages) {
  auto server = std::make_unique<SmtpTestServer>();
  const int port = server->port();
  CurlSmtpTransport transport(config_for(*server));
  EXPECT_EQ(transport.send(email_to({"a@test.no"})).recipients.at(0).outcome, Outcome::sent);
  server.reset();
  server = std::make_unique<SmtpTestServer>(std::vector<std::string>{}, port);
  const auto result = transport.send(email_to({"b@test.no"}));
  EXPECT_EQ(result.recipients.at(0).outcome, Outcome::sent) << result.recipients.at(0).detail;
  EXPECT_EQ(server->messages().size(), 1u);
}

TEST(SmtpTestServerScript, FailsLoudlyWhenTheServerCannotStart) {
  EXPECT_THROW(SmtpTestServer({"--no-such-option"}), std::runtime_error);
}

TEST(SmtpTestServerScript, StopsCleanlyOnSigterm) {
  SmtpTestServer server;
  const int status = server.stop();
  EXPECT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace herald::delivery
