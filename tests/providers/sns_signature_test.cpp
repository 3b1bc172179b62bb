#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "providers/corpus.h"
#include "providers/ses/ses_events.h"
#include "support/test_paths.h"
#include "tracking/codec.h"

namespace herald::providers {
using namespace tracking;  // the codecs the signatures are built with
namespace {

using nlohmann::json;

std::string read_data(const std::string& name) {
  // tests/data may not exist: go to tests/ lexically.
  const auto path =
      herald::testing::test_data_dir().parent_path() / "tracking" / "data" / "sns" / name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("test data missing: " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const std::string kAwsCert = "SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";

// Real AWS signatures, SignatureVersion 1 (SHA1) and 2 (SHA256).
TEST(SnsSignature, VerifiesRealAwsSignatures) {
  const std::string cert = read_data(kAwsCert);
  for (const char* file : {"notification_sha1.json", "notification_sha256.json"}) {
    SCOPED_TRACE(file);
    json msg = json::parse(read_data(file));
    EXPECT_TRUE(verify_sns_signature(msg, cert));
    json tampered = msg;
    tampered["Message"] = "Hello world!";
    EXPECT_FALSE(verify_sns_signature(tampered, cert));
    tampered = msg;
    tampered["Subject"] = "added";
    EXPECT_FALSE(verify_sns_signature(tampered, cert));
    tampered = msg;
    tampered["SignatureVersion"] = msg["SignatureVersion"] == "1" ? "2" : "1";
    EXPECT_FALSE(verify_sns_signature(tampered, cert));
    tampered = msg;
    tampered["SignatureVersion"] = "3";
    EXPECT_FALSE(verify_sns_signature(tampered, cert));
    tampered = msg;
    tampered["Signature"] = "bad";
    EXPECT_FALSE(verify_sns_signature(tampered, cert));
  }
}

TEST(SnsSignature, VerifiesTheRealCorpusSubscriptionConfirmation) {
  const std::string cert = read_data(kAwsCert);
  const SnsEnvelope env = parse_sns(
      testing::read_corpus("amazon_ses/sns_wrapped/subscription_confirmation.mozilla.real.json"));
  EXPECT_TRUE(is_trusted_sns_cert_url(env.signing_cert_url));
  EXPECT_TRUE(verify_sns_signature(env.json, cert));
  json tampered = env.json;
  tampered["SubscribeURL"] = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription";
  EXPECT_FALSE(verify_sns_signature(tampered, cert));
  tampered = env.json;
  tampered["Token"] = std::string(env.json["Token"]) + "0";
  EXPECT_FALSE(verify_sns_signature(tampered, cert));

  // The hard-bounce capture had its addresses anonymised (…@test.com) after signing, and the
  // documentation examples carry placeholder signatures: none of them may verify.
  for (const char* file :
       {"amazon_ses/sns_wrapped/"
        "notification_bounce_permanent_onaccountsuppressionlist.mozilla.real.json",
        "amazon_ses/sns_wrapped/notification_generic.awsdoc.json",
        "amazon_ses/assembled/notification_open.assembled.json"}) {
    EXPECT_FALSE(verify_sns_signature(json::parse(testing::read_corpus(file)), cert)) << file;
  }
}

// A certificate and key of our own, to sign envelopes the test builds.
struct TestSigner {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key{EVP_RSA_gen(2048), EVP_PKEY_free};
  std::string cert_pem;

  TestSigner() {
    std::unique_ptr<X509, decltype(&X509_free)> x(X509_new(), X509_free);
    X509_set_version(x.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(x.get()), 0);
    X509_gmtime_adj(X509_getm_notAfter(x.get()), 3600);
    X509_set_pubkey(x.get(), key.get());
    X509_NAME* name = X509_get_subject_name(x.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("sns.test"), -1, -1, 0);
    X509_set_issuer_name(x.get(), name);
    X509_sign(x.get(), key.get(), EVP_sha256());
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    PEM_write_bio_X509(bio.get(), x.get());
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    cert_pem.assign(data, static_cast<std::size_t>(len));
  }

  std::string sign(const std::string& text, const EVP_MD* md) const {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key.get());
    std::size_t len = 0;
    EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(text.data()),
                   text.size());
    std::string sig(len, '\0');
    EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(text.data()), text.size());
    sig.resize(len);
    return base64_encode(sig);
  }
};

const TestSigner& signer() {
  static const TestSigner s;
  return s;
}

TEST(SnsSignature, CanonicalStringIncludesSubjectOnlyWhenPresent) {
  json msg = {{"Type", "Notification"},
              {"MessageId", "m-1"},
              {"TopicArn", "arn:aws:sns:eu-west-1:1:t"},
              {"Subject", "Amazon SES Email Event Notification"},
              {"Message", "{\"eventType\":\"Send\"}\n"},
              {"Timestamp", "2026-01-02T03:04:05.678Z"},
              {"SignatureVersion", "2"}};
  const std::string canonical =
      "Message\n{\"eventType\":\"Send\"}\n\nMessageId\nm-1\n"
      "Subject\nAmazon SES Email Event Notification\nTimestamp\n2026-01-02T03:04:05.678Z\n"
      "TopicArn\narn:aws:sns:eu-west-1:1:t\nType\nNotification\n";
  msg["Signature"] = signer().sign(canonical, EVP_sha256());
  EXPECT_TRUE(verify_sns_signature(msg, signer().cert_pem));
  json without = msg;
  without.erase("Subject");
  EXPECT_FALSE(verify_sns_signature(without, signer().cert_pem));
  // A certificate other than the signer's.
  EXPECT_FALSE(verify_sns_signature(msg, read_data(kAwsCert)));
  EXPECT_FALSE(verify_sns_signature(msg, "not a certificate"));
  EXPECT_FALSE(verify_sns_signature(json::array(), signer().cert_pem));

  json v1 = msg;
  v1["SignatureVersion"] = "1";
  v1["Signature"] = signer().sign(canonical, EVP_sha1());
  EXPECT_TRUE(verify_sns_signature(v1, signer().cert_pem));
}

TEST(SnsSignature, OnlySnsCertificateUrlsAreTrusted) {
  for (const char* ok :
       {"https://sns.us-east-1.amazonaws.com/"
        "SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem",
        "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc123.pem",
        "HTTPS://SNS.EU-WEST-1.AMAZONAWS.COM/"
        "SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem"})
    EXPECT_TRUE(is_trusted_sns_cert_url(ok)) << ok;
  for (const char* bad : {
           "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
           "https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-abc.pem",
           "https://evil.example/sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
           "https://sns.us-east-1.amazonaws.com@evil.example/SimpleNotificationService-abc.pem",
           "https://sns.us-east-1.amazonaws.com:8443/SimpleNotificationService-abc.pem",
           "https://s3.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem",
           "https://sns..amazonaws.com/SimpleNotificationService-abc.pem",
           "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.key",
           "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem?x=1",
           "https://sns.us-east-1.amazonaws.com/other/SimpleNotificationService-abc.pem",
           "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-.pem",
           "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-../x.pem",
           "",
       })
    EXPECT_FALSE(is_trusted_sns_cert_url(bad)) << bad;
  EXPECT_TRUE(
      is_trusted_sns_url("https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription"));
  EXPECT_FALSE(is_trusted_sns_url("https://sns.us-west-2.amazonaws.com.evil.example/?Action=X"));
  EXPECT_FALSE(is_trusted_sns_url("http://sns.us-west-2.amazonaws.com/?Action=X"));
}

}  // namespace
}  // namespace herald::providers
