#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>

#include "delivery/smtp_transport_curl.h"
#include "smtp_test_server.h"

namespace herald::delivery {
namespace {

using domain::Outcome;
using testing::SmtpTestServer;

// A throwaway self-signed certificate for 127.0.0.1, made with the openssl command.
class SelfSignedCert {
 public:
  SelfSignedCert() {
    char dir[] = "/tmp/herald-cert-XXXXXX";
    if (mkdtemp(dir) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = dir;
    const std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
        "-subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout " +
        key() + " -out " + cert() + " 2>/dev/null";
    if (std::system(cmd.c_str()) != 0 || !std::filesystem::exists(cert()))
      throw std::runtime_error("cannot make a test certificate with openssl");
  }
  ~SelfSignedCert() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string cert() const { return dir_ + "/cert.pem"; }
  std::string key() const { return dir_ + "/key.pem"; }

 private:
  std::string dir_;
};

OutgoingEmail hello() {
  OutgoingEmail e;
  e.herald_id = "msg-tls";
  e.from = "shop@example.com";
  e.to = {"sara@test.no"};
  e.subject = "Hei";
  e.text = "Hei";
  e.return_path = "bounce+msg-tls@example.com";
  return e;
}

TEST(CurlSmtpTransportTls, UsesStartTlsWhenOffered) {
  SelfSignedCert cert;
  SmtpTestServer server({"--tls-cert", cert.cert(), "--tls-key", cert.key()});
  SmtpConfig config;
  config.url = server.url();
  config.verify_tls = false;
  CurlSmtpTransport transport(config);
  const auto r = transport.send(hello()).recipients.at(0);
  EXPECT_EQ(r.outcome, Outcome::sent) << r.detail;
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["tls"], true);
}

TEST(CurlSmtpTransportTls, SpeaksImplicitTlsForSmtps) {
  SelfSignedCert cert;
  SmtpTestServer server({"--tls-cert", cert.cert(), "--tls-key", cert.key(), "--implicit-tls"});
  SmtpConfig config;
  config.url = "smtps://127.0.0.1:" + std::to_string(server.port());
  config.verify_tls = false;
  CurlSmtpTransport transport(config);
  const auto r = transport.send(hello()).recipients.at(0);
  EXPECT_EQ(r.outcome, Outcome::sent) << r.detail;
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["tls"], true);
}

TEST(CurlSmtpTransportTls, UntrustedCertificateIsDeferred) {
  SelfSignedCert cert;
  SmtpTestServer server({"--tls-cert", cert.cert(), "--tls-key", cert.key()});
  SmtpConfig config;
  config.url = server.url();
  CurlSmtpTransport transport(config);  // verify_tls defaults to true
  const auto r = transport.send(hello()).recipients.at(0);
  EXPECT_EQ(r.outcome, Outcome::deferred);
  EXPECT_EQ(r.smtp_code, 0);
  EXPECT_EQ(r.reason, "securityerror");
  EXPECT_NE(r.detail.find("certificate"), std::string::npos) << r.detail;
  EXPECT_TRUE(server.messages().empty());
}

TEST(CurlSmtpTransportTls, PlainWhenTheServerOffersNoTls) {
  SmtpTestServer server;
  SmtpConfig config;
  config.url = server.url();
  CurlSmtpTransport transport(config);
  EXPECT_EQ(transport.send(hello()).recipients.at(0).outcome, Outcome::sent);
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]["tls"], false);
}

}  // namespace
}  // namespace herald::delivery
