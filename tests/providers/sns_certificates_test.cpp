#include "providers/ses/sns_certificates.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "providers/ses/ses_events.h"
#include "support/test_paths.h"

namespace herald::providers {
using namespace tracking;  // the codecs the signatures are built with
namespace {

std::string read_sns_data(const std::string& name) {
  const auto path =
      herald::testing::test_data_dir().parent_path() / "tracking" / "data" / "sns" / name;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("test data missing: " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const std::string kCertFile = "SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";

struct FakeNetwork {
  std::vector<std::string> asked;
  std::string answer;
  HttpGet get() {
    return [this](const std::string& url) {
      asked.push_back(url);
      return answer;
    };
  }
};

TEST(SnsCertificates, FetchesTheNamedCertificateOnceAndVerifiesARealMessage) {
  FakeNetwork net{{}, read_sns_data(kCertFile)};
  SnsCertificates certs(net.get());
  const auto msg = nlohmann::json::parse(read_sns_data("notification_sha1.json"));
  const std::string url = msg["SigningCertURL"];
  EXPECT_TRUE(verify_sns_signature(msg, certs.pem_for(url)));
  EXPECT_TRUE(verify_sns_signature(msg, certs.pem_for(url)));
  ASSERT_EQ(net.asked.size(), 1u);
  EXPECT_EQ(net.asked[0], url);
}

TEST(SnsCertificates, NeverFetchesFromAHostThatIsNotSns) {
  FakeNetwork net{{}, read_sns_data(kCertFile)};
  SnsCertificates certs(net.get());
  for (const char* url : {"https://evil.example/SimpleNotificationService-abc.pem",
                          "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-a.pem",
                          "https://sns.us-east-1.amazonaws.com.evil.example/x.pem", ""}) {
    SCOPED_TRACE(url);
    try {
      certs.pem_for(url);
      ADD_FAILURE() << "accepted " << url;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::unauthorized);
    }
  }
  EXPECT_TRUE(net.asked.empty());
}

TEST(SnsCertificates, AnAnswerThatIsNotACertificateIsUnavailableAndNotKept) {
  FakeNetwork net{{}, "<html>maintenance</html>"};
  SnsCertificates certs(net.get());
  const std::string url =
      "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem";
  for (int i = 0; i < 2; ++i) {
    try {
      certs.pem_for(url);
      ADD_FAILURE() << "accepted a non-certificate";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::unavailable);
    }
  }
  EXPECT_EQ(net.asked.size(), 2u);  // a failure is retried next time, not cached
}

TEST(SnsCertificates, APinnedCertificateIsUsedWithoutTheNetwork) {
  FakeNetwork net{{}, ""};
  SnsCertificates certs(net.get(), read_sns_data(kCertFile));
  const auto msg = nlohmann::json::parse(read_sns_data("notification_sha256.json"));
  EXPECT_TRUE(verify_sns_signature(msg, certs.pem_for("https://anything.example/x.pem")));
  EXPECT_TRUE(net.asked.empty());
}

}  // namespace
}  // namespace herald::providers
