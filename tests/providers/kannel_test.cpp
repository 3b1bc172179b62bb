#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>

#include "common/error.h"
#include "providers/corpus.h"
#include "providers/kannel/kannel_events.h"

namespace herald::providers {
namespace {

using testing::read_corpus;
using testing::url_query;

const testing::Cover kCover{
    "kannel/dlr_callback_type1_delivered.userguide.txt",
    "kannel/dlr_callback_type4_buffered.userguide.txt", "kannel/dlr_url_template.userguide.txt",
    "kannel/dlr_types.userguide_and_source.txt", "kannel/escape_codes.userguide.tsv"};

std::string first_line(const std::string& s) {
  return s.substr(0, s.find('\n'));
}

TEST(KannelCorpus, UserGuideCallbacks) {
  // The user guide's own dlr-url names its id "myId": a report Herald cannot match, but still
  // a well-formed one.
  const auto delivered = parse_kannel(
      url_query(first_line(read_corpus("kannel/dlr_callback_type1_delivered.userguide.txt"))));
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].type, "delivered");
  EXPECT_EQ(delivered[0].herald_id, "");
  EXPECT_EQ(delivered[0].reason, "");
  const auto buffered = parse_kannel(
      url_query(first_line(read_corpus("kannel/dlr_callback_type4_buffered.userguide.txt"))));
  ASSERT_EQ(buffered.size(), 1u);
  EXPECT_EQ(buffered[0].type, "deferred");
  EXPECT_FALSE(buffered[0].hard_bounce);
}

// An unexpanded template (type=%d) is not a report.
TEST(KannelCorpus, TheTemplateItselfIsRejected) {
  const std::string url = first_line(read_corpus("kannel/dlr_url_template.userguide.txt"));
  ASSERT_NE(url.find("type=%d"), std::string::npos);
  std::map<std::string, std::string> query = {{"myId", "123456"}, {"type", "%d"}};
  try {
    parse_kannel(query);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "type");
  }
}

// Every DLR type gw/dlr.h defines (except "undefined" and "nothing") maps to an event.
TEST(KannelCorpus, EveryDefinedDlrTypeMaps) {
  std::istringstream in(read_corpus("kannel/dlr_types.userguide_and_source.txt"));
  std::map<std::string, std::string> want = {
      {"DLR_SUCCESS", "delivered"}, {"DLR_FAIL", "undelivered"}, {"DLR_BUFFERED", "deferred"},
      {"DLR_SMSC_SUCCESS", "sent"}, {"DLR_SMSC_FAIL", "failed"}, {"DLR_INTERMEDIATE", "sent"}};
  int seen = 0;
  for (std::string line; std::getline(in, line);) {
    std::istringstream words(line);
    std::string define, name, value;
    words >> define >> name >> value;
    if (define != "#define" || !want.contains(name)) continue;
    const std::string type = std::to_string(std::stoi(value, nullptr, 16));
    const auto e = parse_kannel({{"id", "01ABC"}, {"type", type}}).at(0);
    EXPECT_EQ(e.type, want[name]) << name;
    EXPECT_EQ(e.herald_id, "01ABC");
    ++seen;
  }
  EXPECT_EQ(seen, 6);
}

// Herald's dlr-url uses %d, %A and %T; the user guide documents each.
TEST(KannelCorpus, OurDlrUrlUsesDocumentedEscapes) {
  const std::string table = read_corpus("kannel/escape_codes.userguide.tsv");
  for (const char* code : {"%d\tthe delivery report value", "%A\tthe delivery report SMSC reply",
                           "%T\tthe time the message was sent, in UNIX epoch"})
    EXPECT_NE(table.find(code), std::string::npos) << code;
}

TEST(Kannel, SmppReceiptInTheAnswer) {
  // As Kannel calls Herald's dlr-url: /v1/providers/kannel/events?id=..&type=%d&answer=%A&at=%T
  const auto e =
      parse_kannel(url_query("/v1/providers/kannel/"
                             "events?id=01JD5ZK4M3X7Q8R9S0T1V2W3XY&type=2&answer=id%3A0A1B2C3D+"
                             "sub%3A001+dlvrd%3A000+submit+date%3A2611201000+done+date%"
                             "3A2611201005+stat%3AEXPIRED+"
                             "err%3A027+text%3AYour+order&at=1795168800"))
          .at(0);
  EXPECT_EQ(e.herald_id, "01JD5ZK4M3X7Q8R9S0T1V2W3XY");
  EXPECT_EQ(e.type, "undelivered");
  EXPECT_EQ(e.reason, "expired");
  EXPECT_EQ(e.provider_message_id, "0A1B2C3D");
  EXPECT_EQ(e.provider_error_code, "027");
  EXPECT_EQ(e.at_ms, 1795168800000);
  EXPECT_TRUE(e.detail.starts_with("Not delivered to the phone: id:0A1B2C3D")) << e.detail;

  const auto ok =
      parse_kannel({{"id", "x"}, {"type", "1"}, {"answer", "id:9 stat:DELIVRD err:000"}});
  EXPECT_EQ(ok.at(0).provider_error_code, "");
  const auto rejected =
      parse_kannel({{"id", "x"}, {"type", "16"}, {"answer", "NACK/0x45/Submit failed"}});
  EXPECT_EQ(rejected.at(0).type, "failed");
  EXPECT_EQ(rejected.at(0).detail, "Rejected by the SMS centre: NACK/0x45/Submit failed");
}

TEST(Kannel, MalformedInputNamesTheField) {
  for (const auto& q :
       std::vector<std::map<std::string, std::string>>{{},
                                                       {{"type", ""}},
                                                       {{"type", "3"}},
                                                       {{"type", "-1"}},
                                                       {{"type", "1"}, {"at", "soon"}}}) {
    try {
      parse_kannel(q);
      ADD_FAILURE();
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::bad_request);
      EXPECT_TRUE(e.field() == "type" || e.field() == "at");
    }
  }
}

}  // namespace
}  // namespace herald::providers
