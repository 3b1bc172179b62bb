#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "providers/corpus.h"
#include "providers/postmark/postmark_events.h"

namespace herald::providers {
namespace {

using testing::read_corpus;
using Case = testing::CorpusCase;
constexpr const char* kTo = "john@example.com";

const std::vector<Case> kCases = {
    {"postmark/bounce_hard.json", "postmark/symfony_expected/bounce.php", 1, "bounced", kTo,
     "userunknown", 0, "", true},
    {"postmark/click.json", "postmark/symfony_expected/link_click.php", 1, "clicked", kTo, "", 0,
     "", false},
    {"postmark/delivery.json", "postmark/symfony_expected/delivery.php", 1, "delivered", kTo, "", 0,
     "", false},
    {"postmark/open.json", "postmark/symfony_expected/open.php", 1, "opened", kTo, "", 0, "",
     false},
    {"postmark/spam_complaint.json", "postmark/symfony_expected/spam_complaint.php", 1,
     "complained", kTo, "feedback", 0, "", false},
    // Postmark stopped sending after a hard bounce.
    {"postmark/subscription_change.json", "postmark/symfony_expected/subscription_change.php", 1,
     "unsubscribed", kTo, "", 0, "", true},
    {"postmark/anymail/bounce_hardbounce_typecode1.anymail.json", "", 1, "bounced",
     "bounce@example.com", "userunknown", 550, "5.1.1", true},
    // A real "bounce" that is an unsubscribe request, without even a recipient.
    {"postmark/anymail/bounce_type_unsubscribe_typecode16.anymail_issue447.json", "", 1,
     "unsubscribed", "", "", 0, "", false},
    // RecordType decides: a complaint, whatever its TypeCode (512 here, 100001 in Symfony's).
    {"postmark/anymail/spam_complaint_typecode512.anymail.json", "", 1, "complained",
     "spam@example.com", "feedback", 0, "", false},
};
const testing::Cover kCover(kCases);

TEST(PostmarkCorpus, EveryFileMapsToItsEvents) {
  for (const auto& c : kCases) {
    const auto events = parse_postmark(read_corpus(c.file));
    testing::expect_case(c, events, true);
    EXPECT_FALSE(events.at(0).provider_message_id.empty()) << c.file;
  }
}

TEST(PostmarkCorpus, DetailsUrlsAndTimes) {
  const auto bounce = parse_postmark(read_corpus("postmark/bounce_hard.json")).at(0);
  EXPECT_EQ(bounce.detail,
            "The server was unable to deliver your message (ex: unknown user, mailbox not "
            "found). — Test bounce details");
  EXPECT_EQ(bounce.provider_error_code, "HardBounce");
  const auto anymail =
      parse_postmark(read_corpus("postmark/anymail/bounce_hardbounce_typecode1.anymail.json"))
          .at(0);
  EXPECT_EQ(anymail.at_ms, *parse_rfc3339("2016-04-27T20:28:50.396Z"));
  EXPECT_NE(anymail.detail.find("smtp;550 5.1.1"), std::string::npos);
  const auto click = parse_postmark(read_corpus("postmark/click.json")).at(0);
  EXPECT_EQ(click.url, "https://example.com");
  const auto unsub = parse_postmark(
      read_corpus("postmark/anymail/bounce_type_unsubscribe_typecode16.anymail_issue447.json"));
  EXPECT_EQ(unsub.at(0).at_ms, 0);
  EXPECT_EQ(unsub.at(0).detail, "Unsubscribe or Remove request.");
}

TEST(Postmark, BounceTypesMapToTypeReasonAndHardness) {
  auto j = nlohmann::json::parse(read_corpus("postmark/bounce_hard.json"));
  struct Want {
    const char* name;
    int code;
    const char* type;
    const char* reason;
    bool hard;
  };
  for (const Want& w : {Want{"SoftBounce", 4096, "bounced", "undefined", false},
                        Want{"Transient", 2, "deferred", "networkerror", false},
                        Want{"DnsError", 256, "deferred", "networkerror", false},
                        Want{"AutoResponder", 64, "autoreply", "vacation", false},
                        Want{"BadEmailAddress", 100000, "bounced", "userunknown", true},
                        Want{"ManuallyDeactivated", 100002, "suppressed", "suppressed", false},
                        Want{"DMARCPolicy", 100009, "bounced", "authfailure", false},
                        Want{"Blocked", 100006, "bounced", "blocked", false},
                        Want{"NewKind", 4096, "bounced", "undefined", false}}) {
    j["Type"] = w.name;
    j["TypeCode"] = w.code;
    const auto e = parse_postmark(j.dump()).at(0);
    EXPECT_EQ(e.type, w.type) << w.name;
    EXPECT_EQ(e.reason, w.reason) << w.name;
    EXPECT_EQ(e.hard_bounce, w.hard) << w.name;
  }
  // The server's words, when there are some, say more than the type.
  j["Type"] = "SoftBounce";
  j["TypeCode"] = 4096;
  j["Details"] = "smtp;552 5.2.2 Mailbox full";
  const auto full = parse_postmark(j.dump()).at(0);
  EXPECT_EQ(full.reason, "mailboxfull");
  EXPECT_EQ(full.enhanced_code, "5.2.2");
}

TEST(Postmark, MetadataGivesOurId) {
  auto j = nlohmann::json::parse(read_corpus("postmark/delivery.json"));
  EXPECT_EQ(parse_postmark(j.dump()).at(0).herald_id, "");
  j["Metadata"]["herald_id"] = "01JD5ZK4M3X7Q8R9S0T1V2W3XY";
  EXPECT_EQ(parse_postmark(j.dump()).at(0).herald_id, "01JD5ZK4M3X7Q8R9S0T1V2W3XY");
  j["RecordType"] = "Inbound";
  EXPECT_TRUE(parse_postmark(j.dump()).empty());
}

TEST(Postmark, MalformedInputIsABadRequest) {
  for (const char* body : {"", "[]", "{}", R"({"RecordType":"Open","Recipient":{}})"}) {
    try {
      parse_postmark(body);
      ADD_FAILURE() << body;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::bad_request) << body;
    }
  }
}

}  // namespace
}  // namespace herald::providers
