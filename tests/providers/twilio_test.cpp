#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <map>
#include <string>
#include <vector>

#include "common/error.h"
#include "providers/corpus.h"
#include "providers/twilio/twilio_errors.h"
#include "providers/twilio/twilio_events.h"

namespace herald::providers {
using namespace tracking;  // the codecs the signatures are built with
namespace {

using testing::read_corpus;
using Case = testing::CorpusCase;
constexpr const char* kTo = "+15622089096";
const std::map<std::string, std::string> kQuery = {{"id", "01JD5ZK4M3X7Q8R9S0T1V2W3XY"}};

const std::vector<Case> kCases = {
    {"twilio/delivered.txt", "twilio/symfony_expected/delivered.php", 1, "delivered", kTo, "", 0,
     "", false},
    {"twilio/synthetic/queued.SYNTHETIC.txt", "", 1, "queued", kTo, "", 0, "", false},
    {"twilio/synthetic/sent.SYNTHETIC.txt", "", 1, "sent", kTo, "", 0, "", false},
    {"twilio/synthetic/failed_30001.SYNTHETIC.txt", "", 1, "failed", kTo, "speeding", 0, "", false},
    {"twilio/synthetic/undelivered_30003.SYNTHETIC.txt", "", 1, "undelivered", kTo, "networkerror",
     0, "", false},
    {"twilio/synthetic/undelivered_30005.SYNTHETIC.txt", "", 1, "undelivered", kTo, "userunknown",
     0, "", true},
    {"twilio/synthetic/undelivered_30006.SYNTHETIC.txt", "", 1, "undelivered", kTo, "notaccept", 0,
     "", true},
};
const testing::Cover kCover(kCases);
const testing::Cover kVectors{"twilio/signature_test_vectors.json"};

TEST(TwilioCorpus, EveryFileMapsToItsEvents) {
  for (const auto& c : kCases) {
    const auto events = parse_twilio(read_corpus(c.file), kQuery);
    testing::expect_case(c, events, true);
    EXPECT_EQ(events.at(0).herald_id, "01JD5ZK4M3X7Q8R9S0T1V2W3XY");
    EXPECT_EQ(events.at(0).provider_message_id, "SM4262411b90e5464b98a4f66a49c57a97");
  }
}

TEST(TwilioCorpus, ErrorCodesComeInPlainWords) {
  const auto e =
      parse_twilio(read_corpus("twilio/synthetic/undelivered_30003.SYNTHETIC.txt"), kQuery).at(0);
  EXPECT_EQ(e.provider_error_code, "30003");
  EXPECT_EQ(e.detail,
            "The phone is switched off or out of coverage (Twilio error 30003: Unreachable "
            "destination handset)");
  for (int code : {30001, 30002, 30003, 30004, 30005, 30006, 30007, 30008, 30009, 30010, 21211,
                   21610, 21614}) {
    const TwilioError* err = find_twilio_error(code);
    ASSERT_NE(err, nullptr) << code;
    EXPECT_FALSE(err->meaning.empty());
    EXPECT_FALSE(err->reason.empty());
  }
  EXPECT_EQ(find_twilio_error(12345), nullptr);
  const auto unknown = parse_twilio("MessageSid=SM1&MessageStatus=failed&ErrorCode=39999", {});
  EXPECT_EQ(unknown.at(0).reason, "undefined");
  EXPECT_EQ(unknown.at(0).detail, "Twilio error 39999");
  EXPECT_EQ(unknown.at(0).herald_id, "");
}

TEST(Twilio, StatusesAndMalformedInput) {
  EXPECT_EQ(parse_twilio("MessageSid=SM1&MessageStatus=read", {}).at(0).type, "opened");
  EXPECT_EQ(parse_twilio("SmsSid=SM1&SmsStatus=accepted", {}).at(0).type, "queued");
  EXPECT_EQ(parse_twilio("MessageSid=SM1&MessageStatus=canceled", {}).at(0).type, "failed");
  EXPECT_TRUE(parse_twilio("MessageSid=SM1&MessageStatus=received", {}).empty());
  const auto warned = parse_twilio("MessageSid=SM1&MessageStatus=delivered&ErrorCode=30007", {});
  EXPECT_EQ(warned.at(0).reason, "");
  EXPECT_FALSE(warned.at(0).hard_bounce);
  EXPECT_EQ(warned.at(0).provider_error_code, "30007");
  for (const char* body : {"", "MessageStatus=sent", "MessageSid=SM1",
                           "MessageSid=SM1&MessageStatus=failed&ErrorCode=3000x"}) {
    try {
      parse_twilio(body, {});
      ADD_FAILURE() << body;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::bad_request) << body;
    }
  }
}

std::string form_of(const nlohmann::json& params) {
  std::string out;
  for (const auto& [k, v] : params.items()) {
    if (!out.empty()) out += '&';
    out += http::url_encode(k) + "=" + http::url_encode(v.get<std::string>());
  }
  return out;
}

TEST(TwilioSignature, VerifiesEveryCorpusVector) {
  const auto doc = nlohmann::json::parse(read_corpus("twilio/signature_test_vectors.json"));
  const auto& vectors = doc.at("vectors");
  const auto& base_params = vectors.at(0).at("params");
  int checked = 0;
  for (const auto& v : vectors) {
    SCOPED_TRACE(v.dump());
    const std::string token = v.at("auth_token");
    const std::string url = v.at("url");
    const std::string expected = v.at("expected");
    if (v.contains("body")) {
      const std::string body = v.at("body");
      EXPECT_TRUE(verify_twilio_json_signature(token, url, body, expected));
      EXPECT_FALSE(verify_twilio_json_signature(token, url, body + " ", expected));
      EXPECT_FALSE(verify_twilio_json_signature("54321", url, body, expected));
    } else {
      const auto& params = v.at("params").is_object() ? v.at("params") : base_params;
      const std::string form = form_of(params);
      EXPECT_TRUE(verify_twilio_signature(token, url, form, expected));
      EXPECT_FALSE(verify_twilio_signature("54321", url, form, expected));
      EXPECT_FALSE(verify_twilio_signature(token, url, form + "&Extra=1", expected));
      EXPECT_FALSE(verify_twilio_signature(token, url + "&x=1", form, expected));
      std::string tampered = form;
      tampered.replace(tampered.find("Digits=1234"), 11, "Digits=1235");
      EXPECT_FALSE(verify_twilio_signature(token, url, tampered, expected));
    }
    ++checked;
  }
  EXPECT_EQ(checked, 5);
  // The SDK's signature for the URL without a port also matches the URL with :443, and back.
  const std::string form = form_of(base_params);
  EXPECT_TRUE(verify_twilio_signature("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2",
                                      form, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
  EXPECT_TRUE(verify_twilio_signature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", form,
                                      "kvajT1Ptam85bY51eRf/AJRuM3w="));
  EXPECT_FALSE(
      verify_twilio_signature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", form, ""));
  EXPECT_FALSE(verify_twilio_signature("", "https://mycompany.com/myapp.php?foo=1&bar=2", form,
                                       "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
}

// Computed with OpenSSL directly, independently of tracking/codec.
std::string openssl_hmac_sha1_b64(const std::string& key, const std::string& data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  unsigned char b64[64];
  const int n = EVP_EncodeBlock(b64, mac, static_cast<int>(len));
  return std::string(reinterpret_cast<const char*>(b64), static_cast<std::size_t>(n));
}

// Parameter order in the body does not matter: the signature sorts them.
TEST(TwilioSignature, SignsASortedStatusCallback) {
  const std::string url = "https://herald.example/v1/providers/twilio/events?id=01ABC";
  const std::string body = read_corpus("twilio/delivered.txt");
  std::string signed_text = url;
  for (const auto& [k, v] : testing::url_query("?" + body)) signed_text += k + v;  // sorted map
  const std::string sig = openssl_hmac_sha1_b64("token", signed_text);
  EXPECT_TRUE(verify_twilio_signature("token", url, body, sig));
  EXPECT_FALSE(verify_twilio_signature("token", url, body + "&ErrorCode=30003", sig));
  EXPECT_FALSE(verify_twilio_signature("token", url + "x", body, sig));
}

}  // namespace
}  // namespace herald::providers
