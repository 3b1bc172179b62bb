#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/error.h"
#include "providers/corpus.h"
#include "providers/ses/ses_events.h"

namespace herald::providers {
namespace {

using testing::read_corpus;

using Case = testing::CorpusCase;

constexpr const char* kMsg = "amazon_ses/ses_message_only/";
constexpr const char* kSim = "bounce@simulator.amazonses.com";

const std::vector<Case> kCases = {
    {"amazon_ses/ses_message_only/event_bounce.awsdoc.json", "", 1, "bounced",
     "recipient@example.com", "userunknown", 550, "5.1.1", true},
    {"amazon_ses/ses_message_only/event_click.awsdoc.json", "", 1, "clicked",
     "recipient@example.com", "", 0, "", false},
    {"amazon_ses/ses_message_only/event_complaint.awsdoc.json", "", 1, "complained",
     "recipient@example.com", "feedback", 0, "", false},
    {"amazon_ses/ses_message_only/event_delivery.awsdoc.json", "", 1, "delivered",
     "recipient@example.com", "", 250, "2.6.0", false},
    {"amazon_ses/ses_message_only/event_deliverydelay.awsdoc.json", "", 1, "deferred",
     "recipient@example.com", "networkerror", 421, "4.4.1", false},
    {"amazon_ses/ses_message_only/event_open.awsdoc.json", "", 1, "opened", "recipient@example.com",
     "", 0, "", false},
    // SES's example addresses the reject to the sender: destination is what SES says.
    {"amazon_ses/ses_message_only/event_reject.awsdoc.json", "", 1, "failed", "sender@example.com",
     "virusdetected", 0, "", false},
    {"amazon_ses/ses_message_only/event_renderingfailure.awsdoc.json", "", 1, "failed",
     "recipient@example.com", "contenterror", 0, "", false},
    {"amazon_ses/ses_message_only/event_send.awsdoc.json", "", 1, "sent", "recipient@example.com",
     "", 0, "", false},
    {"amazon_ses/ses_message_only/event_subscription.awsdoc.json", "", 1, "unsubscribed",
     "recipient@example.com", "", 0, "", false},
    {"amazon_ses/ses_message_only/notification_bounce_permanent_general.simulator.json", "", 1,
     "bounced", kSim, "userunknown", 550, "5.1.1", true},
    // "550 5.1.1 user unknown ( blacklisted address: ... )": the words of a block beside an
    // address code; SES's suppression list is a block list.
    {"amazon_ses/ses_message_only/"
     "notification_bounce_permanent_general_suppressionlist.simulator.json",
     "", 1, "bounced", "suppressionlist@simulator.amazonses.com", "blocked", 550, "5.1.1", true},
    {"amazon_ses/ses_message_only/notification_bounce_permanent_general_with_dsn.awsdoc.json", "",
     1, "bounced", "jane@example.com", "userunknown", 550, "5.1.1", true},
    {"amazon_ses/ses_message_only/notification_bounce_permanent_general_without_dsn.awsdoc.json",
     "", 2, "bounced", "jane@example.com", "undefined", 0, "", true},
    {"amazon_ses/ses_message_only/notification_bounce_transient_general_ooto.simulator.json", "", 1,
     "bounced", "ooto@simulator.amazonses.com", "undefined", 0, "", false},
    {"amazon_ses/ses_message_only/notification_complaint_abuse.simulator.json", "", 1, "complained",
     "complaint@simulator.amazonses.com", "feedback", 0, "", false},
    {"amazon_ses/ses_message_only/notification_complaint_with_feedback.awsdoc.json", "", 1,
     "complained", "richard@example.com", "feedback", 0, "", false},
    {"amazon_ses/ses_message_only/notification_complaint_without_feedback.awsdoc.json", "", 1,
     "complained", "richard@example.com", "feedback", 0, "", false},
    {"amazon_ses/ses_message_only/notification_delivery.awsdoc.json", "", 1, "delivered",
     "jane@example.com", "", 250, "", false},
    {"amazon_ses/ses_message_only/notification_delivery_success.simulator.json", "", 1, "delivered",
     "success@simulator.amazonses.com", "", 250, "2.6.0", false},
    {"amazon_ses/assembled/notification_bounce_permanent_general.assembled.json", "", 1, "bounced",
     kSim, "userunknown", 550, "5.1.1", true},
    {"amazon_ses/assembled/notification_bounce_transient_general.assembled.json", "", 1, "bounced",
     "ooto@simulator.amazonses.com", "undefined", 0, "", false},
    {"amazon_ses/assembled/notification_click.assembled.json", "", 1, "clicked",
     "recipient@example.com", "", 0, "", false},
    {"amazon_ses/assembled/notification_complaint.assembled.json", "", 1, "complained",
     "complaint@simulator.amazonses.com", "feedback", 0, "", false},
    {"amazon_ses/assembled/notification_delivery.assembled.json", "", 1, "delivered",
     "success@simulator.amazonses.com", "", 250, "2.6.0", false},
    {"amazon_ses/assembled/notification_open.assembled.json", "", 1, "opened",
     "recipient@example.com", "", 0, "", false},
    // Not sent at all: the address is on the account's suppression list.
    {"amazon_ses/sns_wrapped/"
     "notification_bounce_permanent_onaccountsuppressionlist.mozilla.real.json",
     "", 1, "suppressed", "relayuser@test.com", "suppressed", 0, "5.1.1", true},
    // A topic message that is not an SES event ("Hello world!"), and confirmations: no events.
    {"amazon_ses/sns_wrapped/notification_generic.awsdoc.json", "", 0, "", "", "", 0, "", false},
    {"amazon_ses/sns_wrapped/subscription_confirmation.awsdoc.json", "", 0, "", "", "", 0, "",
     false},
    {"amazon_ses/sns_wrapped/subscription_confirmation.mozilla.real.json", "", 0, "", "", "", 0, "",
     false},
    {"amazon_ses/sns_wrapped/unsubscribe_confirmation.awsdoc.json", "", 0, "", "", "", 0, "",
     false},
};
const testing::Cover kCover(kCases);
const testing::Cover kHttpCover{"amazon_ses/sns_wrapped/notification_generic.awsdoc.http",
                                "amazon_ses/sns_wrapped/subscription_confirmation.awsdoc.http",
                                "amazon_ses/sns_wrapped/unsubscribe_confirmation.awsdoc.http"};

TEST(SesCorpus, EveryFileMapsToItsEvents) {
  for (const auto& c : kCases) {
    const auto events = parse_ses(read_corpus(c.file));
    testing::expect_case(c, events);
    for (const auto& e : events) {
      EXPECT_FALSE(e.provider_message_id.empty()) << c.file;
      EXPECT_GT(e.at_ms, 0) << c.file;
      EXPECT_TRUE(e.herald_id.empty()) << "no corpus message is Herald's: " << c.file;
    }
  }
}

TEST(SesCorpus, DetailsCarryTheServersWordsAndTimes) {
  auto one = [](const std::string& f) { return parse_ses(read_corpus(f)).at(0); };
  const auto bounce = one(std::string(kMsg) + "event_bounce.awsdoc.json");
  EXPECT_EQ(bounce.detail, "smtp; 550 5.1.1 user unknown");
  EXPECT_EQ(bounce.at_ms, *parse_rfc3339("2017-08-05T00:41:02.669Z"));
  EXPECT_EQ(bounce.provider_message_id,
            "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000");
  EXPECT_EQ(bounce.provider_error_code, "Permanent/General");

  const auto click = one(std::string(kMsg) + "event_click.awsdoc.json");
  EXPECT_EQ(click.url, "http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html");
  EXPECT_EQ(click.at_ms, *parse_rfc3339("2017-08-09T23:51:25.570Z"));
  EXPECT_EQ(click.message_id_header,
            "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000");

  const auto complaint =
      one(std::string(kMsg) + "notification_complaint_with_feedback.awsdoc.json");
  EXPECT_NE(complaint.detail.find("abuse"), std::string::npos);
  EXPECT_EQ(complaint.message_id_header, "custom-message-ID");

  const auto delay = one(std::string(kMsg) + "event_deliverydelay.awsdoc.json");
  EXPECT_EQ(delay.provider_error_code, "TransientCommunicationFailure");
  EXPECT_EQ(delay.detail, "smtp; 421 4.4.1 Unable to connect to remote host");

  const auto both = parse_ses(read_corpus(
      std::string(kMsg) + "notification_bounce_permanent_general_without_dsn.awsdoc.json"));
  EXPECT_EQ(both.at(1).recipient, "richard@example.com");

  const auto suppressed =
      one("amazon_ses/sns_wrapped/"
          "notification_bounce_permanent_onaccountsuppressionlist.mozilla.real.json");
  EXPECT_NE(suppressed.detail.find("suppression list"), std::string::npos);
}

// The .http files are whole requests: the x-amz-sns-message-type header agrees with the body.
TEST(SesCorpus, HttpCapturesParseWithTheirMessageTypeHeader) {
  for (const char* name :
       {"notification_generic", "subscription_confirmation", "unsubscribe_confirmation"}) {
    const std::string http =
        read_corpus(std::string("amazon_ses/sns_wrapped/") + name + ".awsdoc.http");
    SCOPED_TRACE(name);
    const auto split = http.find("\n\n");
    ASSERT_NE(split, std::string::npos);
    const std::string head = http.substr(0, split);
    const std::string body = http.substr(split + 2);
    const auto h = head.find("x-amz-sns-message-type: ");
    ASSERT_NE(h, std::string::npos);
    const std::string type = head.substr(h + 24, head.find('\n', h) - h - 24);
    const SnsEnvelope env = parse_sns(body, type);
    EXPECT_EQ(env.type, type);
    EXPECT_TRUE(is_trusted_sns_cert_url(env.signing_cert_url)) << env.signing_cert_url;
    if (env.type != "Notification") {
      EXPECT_TRUE(is_trusted_sns_url(env.subscribe_url));
    }
    EXPECT_TRUE(parse_ses(body).empty());
    EXPECT_THROW(
        parse_sns(body, "Notification" == type ? "SubscriptionConfirmation" : "Notification"),
        Error);
  }
}

TEST(Ses, ConfirmationGivesItsSubscribeUrl) {
  const SnsEnvelope env =
      parse_sns(read_corpus("amazon_ses/sns_wrapped/subscription_confirmation.mozilla.real.json"));
  EXPECT_EQ(env.type, "SubscriptionConfirmation");
  EXPECT_TRUE(env.subscribe_url.starts_with(
      "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn="));
  EXPECT_TRUE(is_trusted_sns_url(env.subscribe_url));
}

nlohmann::json corpus_json(const std::string& file) {
  return nlohmann::json::parse(read_corpus(file));
}

TEST(Ses, FindsOurIdInHeadersTagsOrMessageId) {
  auto j = corpus_json(std::string(kMsg) + "event_bounce.awsdoc.json");
  j["mail"]["headers"].push_back(
      {{"name", "Message-ID"}, {"value", "<01JD5ZK4M3X7Q8R9S0T1V2W3XY@bounce.shop.example>"}});
  auto e = parse_ses_event(j).at(0);
  EXPECT_EQ(e.herald_id, "01JD5ZK4M3X7Q8R9S0T1V2W3XY");
  EXPECT_EQ(e.message_id_header, "01JD5ZK4M3X7Q8R9S0T1V2W3XY@bounce.shop.example");

  j["mail"]["headers"].push_back({{"name", "X-Herald-Message-Id"}, {"value", "01HEADER"}});
  EXPECT_EQ(parse_ses_event(j).at(0).herald_id, "01HEADER");
  j["mail"]["tags"]["herald_id"] = {"01TAG"};
  EXPECT_EQ(parse_ses_event(j).at(0).herald_id, "01TAG");

  // Someone else's Message-ID is not taken for ours.
  auto other = corpus_json(std::string(kMsg) + "notification_delivery.awsdoc.json");
  EXPECT_EQ(parse_ses_event(other).at(0).herald_id, "");
}

TEST(Ses, NamedBounceSubtypesGiveTheirReason) {
  auto j =
      corpus_json(std::string(kMsg) + "notification_bounce_transient_general_ooto.simulator.json");
  j["bounce"]["bounceSubType"] = "MailboxFull";
  EXPECT_EQ(parse_ses_event(j).at(0).reason, "mailboxfull");
  j["bounce"]["bounceSubType"] = "MessageTooLarge";
  EXPECT_EQ(parse_ses_event(j).at(0).reason, "mesgtoobig");
  j["bounce"]["bounceType"] = "Permanent";
  j["bounce"]["bounceSubType"] = "NoEmail";
  const auto e = parse_ses_event(j).at(0);
  EXPECT_EQ(e.reason, "userunknown");
  EXPECT_TRUE(e.hard_bounce);
}

TEST(Ses, MalformedInputNamesTheField) {
  auto field_of = [](auto&& f) {
    try {
      f();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::bad_request);
      return e.field();
    }
    return std::string("(no error)");
  };
  EXPECT_EQ(field_of([] { parse_ses("{not json"); }), "body");
  EXPECT_EQ(field_of([] { parse_ses("[]"); }), "body");
  EXPECT_EQ(field_of([] { parse_ses(R"({"eventType":"Bounce"})"); }), "mail");
  EXPECT_EQ(field_of([] { parse_ses(R"({"eventType":"Bounce","mail":{}})"); }), "bounce");
  EXPECT_EQ(field_of([] {
              parse_ses(R"({"eventType":"Bounce","mail":{},"bounce":{"bouncedRecipients":3}})");
            }),
            "bounce.bouncedRecipients");
  EXPECT_EQ(field_of([] {
              parse_ses(R"({"eventType":"Bounce","mail":{},"bounce":{"bouncedRecipients":[{}]}})");
            }),
            "bounce.bouncedRecipients");
  EXPECT_EQ(field_of([] { parse_ses(R"({"Type":"Notification"})"); }), "MessageId");
  EXPECT_EQ(field_of([] { parse_ses(R"({"Type":"Shout","MessageId":"x"})"); }), "Type");
  EXPECT_EQ(field_of([] { parse_ses(R"({"Type":"SubscriptionConfirmation","MessageId":"x"})"); }),
            "SubscribeURL");
  EXPECT_EQ(field_of([] { parse_ses(R"({"mail":{}})"); }), "eventType");
  // Unknown SES event types are not errors: nothing to record.
  EXPECT_TRUE(parse_ses(R"({"eventType":"Something","mail":{}})").empty());
}

}  // namespace
}  // namespace herald::providers
