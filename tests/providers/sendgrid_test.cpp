#include <gtest/gtest.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "providers/corpus.h"
#include "providers/sendgrid/sendgrid_events.h"
#include "tracking/codec.h"

namespace herald::providers {
using namespace tracking;  // the codecs the signatures are built with
namespace {

using testing::read_corpus;
using Case = testing::CorpusCase;
constexpr const char* kTo = "example@test.com";

const std::vector<Case> kCases = {
    // A callback reads the reply as the answer to RCPT TO: "unknown recipient" is an unknown
    // address.
    {"sendgrid/bounce.json", "sendgrid/symfony_expected/bounce.php", 1, "bounced", kTo,
     "userunknown", 500, "5.0.0", true},
    {"sendgrid/click.json", "sendgrid/symfony_expected/click.php", 1, "clicked", kTo, "", 0, "",
     false},
    {"sendgrid/deferred.json", "sendgrid/symfony_expected/deferred.php", 1, "deferred", kTo,
     "undefined", 400, "4.0.0", false},
    {"sendgrid/delivered.json", "sendgrid/symfony_expected/delivered.php", 1, "delivered", kTo, "",
     250, "", false},
    {"sendgrid/dropped.json", "sendgrid/symfony_expected/dropped.php", 1, "suppressed", kTo,
     "suppressed", 0, "5.0.0", true},
    {"sendgrid/dropped_symfony.json", "sendgrid/symfony_expected/webhook.php", 1, "suppressed",
     "hello@world.com", "suppressed", 0, "", true},
    {"sendgrid/dropped_symfony.signed_body.json", "", 1, "suppressed", "hello@world.com",
     "suppressed", 0, "", true},
    {"sendgrid/group_unsubscribe.json", "sendgrid/symfony_expected/group_unsubscribe.php", 1,
     "unsubscribed", kTo, "", 0, "", false},
    {"sendgrid/open.json", "sendgrid/symfony_expected/open.php", 1, "opened", kTo, "", 0, "",
     false},
    {"sendgrid/processed.json", "sendgrid/symfony_expected/processed.php", 1, "sent", kTo, "", 0,
     "", false},
    {"sendgrid/spamreport.json", "sendgrid/symfony_expected/spamreport.php", 1, "complained", kTo,
     "feedback", 0, "", false},
    {"sendgrid/unsubscribe.json", "sendgrid/symfony_expected/unsubscribe.php", 1, "unsubscribed",
     kTo, "", 0, "", false},
    {"sendgrid/sgdocs/all_event_types_batch.json", "", 11, "sent", kTo, "", 0, "", false},
    // "blocked": the receiving server refused this message; the address itself may be fine.
    {"sendgrid/sgdocs/bounce_type_blocked.json", "", 1, "bounced", kTo, "userunknown", 500, "5.0.0",
     false},
    {"sendgrid/sgdocs/bounce_type_bounce.json", "", 1, "bounced", kTo, "userunknown", 500, "5.0.0",
     true},
    {"sendgrid/sgdocs/click.json", "", 1, "clicked", kTo, "", 0, "", false},
    {"sendgrid/sgdocs/deferred.json", "", 1, "deferred", kTo, "undefined", 400, "4.0.0", false},
    {"sendgrid/sgdocs/delivered.json", "", 1, "delivered", kTo, "", 250, "", false},
    {"sendgrid/sgdocs/dropped.json", "", 1, "suppressed", kTo, "suppressed", 0, "5.0.0", true},
    {"sendgrid/sgdocs/group_resubscribe.json", "", 1, "subscribed", kTo, "", 0, "", false},
    {"sendgrid/sgdocs/group_unsubscribe.json", "", 1, "unsubscribed", kTo, "", 0, "", false},
    {"sendgrid/sgdocs/open.json", "", 1, "opened", kTo, "", 0, "", false},
    {"sendgrid/sgdocs/processed.json", "", 1, "sent", kTo, "", 0, "", false},
    {"sendgrid/sgdocs/spamreport.json", "", 1, "complained", kTo, "feedback", 0, "", false},
    {"sendgrid/sgdocs/unsubscribe.json", "", 1, "unsubscribed", kTo, "", 0, "", false},
};
const testing::Cover kCover(kCases);
const testing::Cover kVectors{"sendgrid/signature_test_vectors.json"};

TEST(SendgridCorpus, EveryFileMapsToItsEvents) {
  for (const auto& c : kCases) {
    const auto events = parse_sendgrid(read_corpus(c.file));
    // The Symfony parser uses sg_message_id as the id only for the realistic webhook fixture.
    testing::expect_case(c, events, std::string(c.file) == "sendgrid/dropped_symfony.json");
    for (const auto& e : events) {
      EXPECT_FALSE(e.provider_message_id.empty()) << c.file;
      EXPECT_GT(e.at_ms, 0) << c.file;
    }
  }
}

TEST(SendgridCorpus, BatchKeepsOrderAndDetails) {
  const auto events = parse_sendgrid(read_corpus("sendgrid/sgdocs/all_event_types_batch.json"));
  std::vector<std::string> types;
  for (const auto& e : events) types.push_back(e.type);
  EXPECT_EQ(types, (std::vector<std::string>{"sent", "deferred", "delivered", "opened", "clicked",
                                             "bounced", "suppressed", "complained", "unsubscribed",
                                             "unsubscribed", "subscribed"}));
  EXPECT_EQ(events[4].url, "http://www.sendgrid.com/");
  EXPECT_EQ(events[5].detail, "500 unknown recipient");
  EXPECT_EQ(events[1].detail, "400 try again later (attempt 5)");
  EXPECT_EQ(events[0].at_ms, 1513299569000);
  EXPECT_EQ(events[0].message_id_header, "14c5d75ce93.dfd.64b469@ismtpd-555");
  EXPECT_EQ(events[0].provider_message_id, "sg_message_id");
}

TEST(Sendgrid, CustomArgumentOrMessageIdGivesOurId) {
  const auto e = parse_sendgrid(R"([{"email":"a@b.example","event":"delivered","timestamp":1,
      "herald_id":"01JD5ZK4M3X7Q8R9S0T1V2W3XY","response":"250 2.0.0 OK"}])");
  EXPECT_EQ(e.at(0).herald_id, "01JD5ZK4M3X7Q8R9S0T1V2W3XY");
  EXPECT_EQ(e.at(0).enhanced_code, "2.0.0");
  const auto m = parse_sendgrid(R"([{"email":"a@b.example","event":"open",
      "smtp-id":"<01JD5ZK4M3X7Q8R9S0T1V2W3XY@bounce.shop.example>"}])");
  EXPECT_EQ(m.at(0).herald_id, "01JD5ZK4M3X7Q8R9S0T1V2W3XY");
}

TEST(Sendgrid, ClassifiesBouncesAndDrops) {
  const auto full = parse_sendgrid(R"([{"email":"a@b.example","event":"bounce","type":"bounce",
      "status":"5.2.2","reason":"552 5.2.2 Mailbox full"}])");
  EXPECT_EQ(full.at(0).reason, "mailboxfull");
  const auto classified = parse_sendgrid(R"([{"email":"a@b.example","event":"bounce",
      "type":"blocked","status":"5.0.0","reason":"554 refused",
      "bounce_classification":"reputation"}])");
  EXPECT_EQ(classified.at(0).reason, "blocked");
  EXPECT_FALSE(classified.at(0).hard_bounce);
  const auto unsub = parse_sendgrid(R"([{"email":"a@b.example","event":"dropped",
      "reason":"Unsubscribed Address"}])");
  EXPECT_EQ(unsub.at(0).type, "suppressed");
  EXPECT_FALSE(unsub.at(0).hard_bounce);
  const auto content = parse_sendgrid(R"j([{"email":"a@b.example","event":"dropped",
      "reason":"Spam Content (if spam checker app enabled)"}])j");
  EXPECT_EQ(content.at(0).type, "failed");
  EXPECT_EQ(content.at(0).reason, "spamdetected");
  EXPECT_TRUE(parse_sendgrid(R"([{"email":"a@b.example","event":"new_kind"}])").empty());
}

TEST(Sendgrid, MalformedInputIsABadRequest) {
  for (const char* body :
       {"{", "{}", "[1]", R"([{"email":"a@b.example"}])", R"([{"event":"open","email":["x"]}])"}) {
    try {
      parse_sendgrid(body);
      ADD_FAILURE() << body;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::bad_request) << body;
      EXPECT_FALSE(e.field().empty()) << body;
    }
  }
}

struct Vector {
  std::string key, signature, timestamp, body;
};

Vector corpus_vector() {
  const auto v = nlohmann::json::parse(read_corpus("sendgrid/signature_test_vectors.json"));
  return {v.at("public_key_b64_der"), v.at("header_X-Twilio-Email-Event-Webhook-Signature"),
          v.at("header_X-Twilio-Email-Event-Webhook-Timestamp"),
          read_corpus("sendgrid/dropped_symfony.signed_body.json")};
}

TEST(SendgridSignature, VerifiesTheCorpusVector) {
  const Vector v = corpus_vector();
  ASSERT_TRUE(v.body.ends_with("\r\n"));
  EXPECT_TRUE(verify_sendgrid_signature(v.key, v.timestamp, v.body, v.signature));
}

TEST(SendgridSignature, RejectsAnyChange) {
  const Vector v = corpus_vector();
  // The same events with an LF ending: not the bytes that were signed.
  EXPECT_FALSE(verify_sendgrid_signature(
      v.key, v.timestamp, read_corpus("sendgrid/dropped_symfony.json"), v.signature));
  std::string tampered = v.body;
  tampered.replace(tampered.find("hello@world.com"), 5, "HELLO");
  EXPECT_FALSE(verify_sendgrid_signature(v.key, v.timestamp, tampered, v.signature));
  EXPECT_FALSE(verify_sendgrid_signature(v.key, "1600112503", v.body, v.signature));
  EXPECT_FALSE(verify_sendgrid_signature(v.key, "", v.body, v.signature));
  EXPECT_FALSE(verify_sendgrid_signature(v.key, v.timestamp, v.body, ""));
  EXPECT_FALSE(verify_sendgrid_signature(v.key, v.timestamp, v.body, "bm90IGEgc2lnbmF0dXJl"));
  EXPECT_FALSE(verify_sendgrid_signature("not base64!", v.timestamp, v.body, v.signature));

  // A different P-256 key.
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> other(EVP_EC_gen("P-256"), EVP_PKEY_free);
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(other.get(), &der);
  ASSERT_GT(len, 0);
  const std::string other_key =
      base64_encode(std::string(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len)));
  OPENSSL_free(der);
  EXPECT_FALSE(verify_sendgrid_signature(other_key, v.timestamp, v.body, v.signature));
}

}  // namespace
}  // namespace herald::providers
