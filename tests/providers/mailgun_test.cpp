#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "providers/corpus.h"
#include "providers/mailgun/mailgun_events.h"

namespace herald::providers {
using namespace tracking;  // the codecs the signatures are built with
namespace {

using testing::read_corpus;
using Case = testing::CorpusCase;
constexpr const char* kTo = "alice@example.com";
constexpr const char* kSym = "mailgun/symfony_expected/";

std::string sym(const char* name) {
  return std::string(kSym) + name;
}

const std::vector<Case>& cases() {
  static const std::vector<std::string> names = {sym("accepted.php"),
                                                 sym("clicks.php"),
                                                 sym("spam_complaints.php"),
                                                 sym("delivered_messages.php"),
                                                 sym("permanent_failure.php"),
                                                 sym("permanent_failure_no_description.php"),
                                                 sym("suppression_failure.php"),
                                                 sym("temporary_failure.php"),
                                                 sym("opens.php"),
                                                 sym("unsubscribes.php")};
  static const std::vector<Case> list = {
      {"mailgun/accepted.json", names[0].c_str(), 1, "sent", kTo, "", 0, "", false},
      {"mailgun/clicked.json", names[1].c_str(), 1, "clicked", kTo, "", 0, "", false},
      {"mailgun/complained.json", names[2].c_str(), 1, "complained", kTo, "feedback", 0, "", false},
      {"mailgun/delivered.json", names[3].c_str(), 1, "delivered", kTo, "", 250, "", false},
      // A callback reads the reply as the answer to RCPT TO: "No Such User Here" is an unknown
      // address.
      {"mailgun/failed_permanent.json", names[4].c_str(), 1, "bounced", kTo, "userunknown", 550,
       "5.0.0", true},
      {"mailgun/failed_permanent_no_description.json", names[5].c_str(), 1, "bounced", kTo,
       "userunknown", 550, "5.0.0", true},
      // 605: Mailgun did not send to an address that bounced before.
      {"mailgun/failed_permanent_suppress_bounce.json", names[6].c_str(), 1, "suppressed", kTo,
       "suppressed", 0, "", true},
      {"mailgun/failed_temporary.json", names[7].c_str(), 1, "deferred", kTo, "mailboxfull", 452,
       "4.2.2", false},
      {"mailgun/opened.json", names[8].c_str(), 1, "opened", kTo, "", 0, "", false},
      {"mailgun/unsubscribed.json", names[9].c_str(), 1, "unsubscribed", kTo, "", 0, "", false},
  };
  return list;
}
const testing::Cover kCover(cases());
const testing::Cover kVectors{"mailgun/signature_test_vectors.json"};

TEST(MailgunCorpus, EveryFileMapsToItsEvents) {
  for (const auto& c : cases()) {
    const auto events = parse_mailgun(read_corpus(c.file));
    testing::expect_case(c, events);
    EXPECT_GT(events.at(0).at_ms, 0) << c.file;
  }
}

TEST(MailgunCorpus, DetailsAndIds) {
  const auto failed = parse_mailgun(read_corpus("mailgun/failed_temporary.json")).at(0);
  EXPECT_TRUE(failed.detail.starts_with("4.2.2 The email account that you tried to reach is over"));
  EXPECT_EQ(failed.message_id_header, "20130503182626.18666.16540@app.symfony.com");
  EXPECT_EQ(failed.provider_message_id, "20130503182626.18666.16540@app.symfony.com");
  EXPECT_EQ(failed.provider_error_code, "generic");
  const auto suppressed =
      parse_mailgun(read_corpus("mailgun/failed_permanent_suppress_bounce.json")).at(0);
  EXPECT_EQ(suppressed.provider_error_code, "605");
  EXPECT_EQ(suppressed.detail, "Not delivering to previously bounced address");
  EXPECT_EQ(parse_mailgun(read_corpus("mailgun/delivered.json")).at(0).at_ms, 1521472262000);
  EXPECT_TRUE(
      parse_mailgun(read_corpus("mailgun/opened.json")).at(0).detail.starts_with("Mozilla"));
}

TEST(Mailgun, UserVariableOrMessageIdGivesOurId) {
  auto j = nlohmann::json::parse(read_corpus("mailgun/failed_permanent.json"));
  EXPECT_EQ(parse_mailgun(j.dump()).at(0).herald_id, "");
  j["event-data"]["message"]["headers"]["message-id"] =
      "01JD5ZK4M3X7Q8R9S0T1V2W3XY@bounce.shop.example";
  EXPECT_EQ(parse_mailgun(j.dump()).at(0).herald_id, "01JD5ZK4M3X7Q8R9S0T1V2W3XY");
  j["event-data"]["user-variables"]["herald_id"] = "01VARIABLE";
  EXPECT_EQ(parse_mailgun(j.dump()).at(0).herald_id, "01VARIABLE");
  j["event-data"]["event"] = "clicked";
  j["event-data"]["url"] = "https://shop.example/cart";
  EXPECT_EQ(parse_mailgun(j.dump()).at(0).url, "https://shop.example/cart");
  j["event-data"]["event"] = "stored";
  EXPECT_TRUE(parse_mailgun(j.dump()).empty());
}

TEST(Mailgun, MalformedInputIsABadRequest) {
  for (const char* body : {"nope", "[]", "{}", R"({"event-data":[]})",
                           R"({"event-data":{"recipient":"a@b.example"}})"}) {
    try {
      parse_mailgun(body);
      ADD_FAILURE() << body;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::bad_request) << body;
    }
  }
}

TEST(MailgunSignature, EveryCorpusFileVerifiesWithTheVectorKey) {
  const auto v = nlohmann::json::parse(read_corpus("mailgun/signature_test_vectors.json"));
  const std::string key = v.at("signing_key");
  const auto& ex = v.at("example");
  EXPECT_TRUE(verify_mailgun_signature(key, std::string(ex.at("timestamp")),
                                       std::string(ex.at("token")),
                                       std::string(ex.at("expected"))));
  for (const auto& c : cases()) {
    const std::string body = read_corpus(c.file);
    EXPECT_TRUE(verify_mailgun_signature(key, body)) << c.file;
    EXPECT_FALSE(verify_mailgun_signature(key + "x", body)) << c.file;
    auto j = nlohmann::json::parse(body);
    j["signature"]["timestamp"] =
        std::to_string(std::stoll(std::string(j["signature"]["timestamp"])) + 1);
    EXPECT_FALSE(verify_mailgun_signature(key, j.dump())) << c.file;
  }
  EXPECT_FALSE(verify_mailgun_signature(key, "", "", ""));
  EXPECT_FALSE(verify_mailgun_signature("", std::string(ex.at("timestamp")),
                                        std::string(ex.at("token")),
                                        std::string(ex.at("expected"))));
  EXPECT_FALSE(verify_mailgun_signature(key, "not json"));
}

}  // namespace
}  // namespace herald::providers
