#include "providers/kannel/kannel_report_token.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>

#include "common/clock.h"
#include "common/error.h"
#include "providers/registry.h"

namespace herald::providers {
namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef";

TEST(KannelReportToken, MatchesOnlyItsOwnMessageAndSecret) {
  const std::string token = kannel_report_token(kSecret, "01JMSG");
  EXPECT_EQ(token.size(), 22u);  // 16 bytes, base64url without padding
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(kannel_report_token(kSecret, "01JMSG"), token);
  EXPECT_TRUE(kannel_report_token_matches(kSecret, "01JMSG", token));
  EXPECT_FALSE(kannel_report_token_matches(kSecret, "01JMSH", token));
  EXPECT_FALSE(kannel_report_token_matches("another-secret", "01JMSG", token));
  EXPECT_NE(kannel_report_token(kSecret, "01JMSH"), token);
}

TEST(KannelReportToken, AnyAlteredTokenIsRefused) {
  const std::string token = kannel_report_token(kSecret, "01JMSG");
  for (std::size_t i = 0; i < token.size(); ++i) {
    std::string bad = token;
    bad[i] = bad[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(kannel_report_token_matches(kSecret, "01JMSG", bad)) << bad;
  }
  for (const std::string& bad : {std::string(), token.substr(1), token + "A", token + "=",
                                 std::string(token.size(), '%'), std::string(5000, 'A')})
    EXPECT_FALSE(kannel_report_token_matches(kSecret, "01JMSG", bad)) << bad;
}

TEST(KannelReportToken, NothingMatchesWithoutASecretOrAnId) {
  EXPECT_THROW(kannel_report_token("", "01JMSG"), std::invalid_argument);
  EXPECT_THROW(kannel_report_token(kSecret, ""), std::invalid_argument);
  EXPECT_FALSE(kannel_report_token_matches("", "01JMSG", kannel_report_token("x", "01JMSG")));
  EXPECT_FALSE(kannel_report_token_matches(kSecret, "", kannel_report_token(kSecret, "x")));
}

struct KannelCallbacks : ::testing::Test {
  config::Config config;
  ManualClock clock{1'700'000'000'000};
  std::unique_ptr<Provider> kannel = find_registration("kannel")->make(
      {config, clock, [](const std::string&) -> std::string { return {}; }, kSecret});

  CallbackResult call(std::map<std::string, std::string> query) {
    const CallbackRequest r{"", query, [](std::string_view) { return std::string(); },
                            "http://127.0.0.1/v1/providers/kannel/events"};
    return kannel->read_callback(r);
  }
};

TEST_F(KannelCallbacks, ASignedReportIsRead) {
  const auto result =
      call({{"id", "01JMSG"}, {"sig", kannel_report_token(kSecret, "01JMSG")}, {"type", "16"}});
  ASSERT_EQ(result.events.size(), 1u);
  EXPECT_EQ(result.events[0].herald_id, "01JMSG");
  EXPECT_EQ(result.events[0].type, "failed");
}

TEST_F(KannelCallbacks, AReportWithoutItsTokenIsNotFoundNamingSig) {
  const std::string other = kannel_report_token(kSecret, "01JOTHER");
  for (const auto& query : std::vector<std::map<std::string, std::string>>{
           {{"id", "01JMSG"}, {"type", "16"}},
           {{"id", "01JMSG"}, {"sig", ""}, {"type", "16"}},
           {{"id", "01JMSG"}, {"sig", other}, {"type", "16"}},
           {{"sig", other}, {"type", "16"}},
           {{"id", "01JMSG"},
            {"sig", kannel_report_token("old-secret", "01JMSG")},
            {"type", "1"}}}) {
    try {
      call(query);
      FAIL() << "accepted a report without its token";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::not_found);
      EXPECT_EQ(e.field(), "sig");
    }
  }
}

}  // namespace
}  // namespace herald::providers
