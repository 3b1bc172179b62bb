#include "common/json_read.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace herald {
namespace {

// {"<member>": [[[…]]]} with `levels` levels in all (the outer object is one).
std::string nested_in(const std::string& member, int levels) {
  return "{\"" + member + "\":" + std::string(levels - 1, '[') + std::string(levels - 1, ']') + "}";
}

Error error_of(const std::string& text, const std::string& field = "body") {
  try {
    read_json(text, field);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "read_json accepted " << text.substr(0, 80);
  return Error(ErrorCode::internal, "");
}

TEST(ReadJson, ReadsADocumentAtTheLimit) {
  auto j = read_json(nested_in("data", kMaxJsonDepth));
  ASSERT_TRUE(j.is_object());
  EXPECT_TRUE(j.at("data").is_array());
}

TEST(ReadJson, RefusesOneLevelPastTheLimitNamingTheMember) {
  const auto e = error_of(nested_in("data", kMaxJsonDepth + 1));
  EXPECT_EQ(e.code(), ErrorCode::bad_request);
  EXPECT_EQ(e.field(), "data");
  EXPECT_EQ(std::string(e.what()), "data is nested deeper than 64 levels");
}

TEST(ReadJson, RefusesANulCharacterNamingItsPath) {
  const auto e = error_of(R"({"customer":{"id":"C-1","name":"Sara\u0000Bcc"}})");
  EXPECT_EQ(e.code(), ErrorCode::bad_request);
  EXPECT_EQ(e.field(), "customer.name");
  EXPECT_EQ(error_of(R"({"order":{"bags":[{"sku":"a"},{"sku":"\u0000"}]}})").field(),
            "order.bags[1].sku");
  EXPECT_EQ(error_of(R"({"data":{"a\u0000b":1}})").field(), "data");
  EXPECT_EQ(error_of(R"({"x":"\u0000"})", "payload").field(), "payload.x");
  // Other control characters are text: a tab, a newline, a bell.
  EXPECT_EQ(read_json(R"({"text":"a\tb\nc\u0007"})").at("text"), "a\tb\nc\a");
  EXPECT_EQ(read_json(R"({"text":"\\u0000"})").at("text"), "\\u0000");      // an escaped backslash
  EXPECT_TRUE(read_json_or_discarded(R"({"kept":"\u0000"})").is_object());  // stored data
}

// Deep enough that any recursive walk of the result would overflow the stack.
TEST(ReadJson, RefusesAHugelyNestedDocumentWithoutBuildingIt) {
  EXPECT_EQ(error_of(nested_in("x", 500'000)).field(), "x");
  EXPECT_EQ(error_of(std::string(500'000, '[') + std::string(500'000, ']')).field(), "body");
  const std::string deep_objects = [] {
    std::string s;
    for (int i = 0; i < 200'000; ++i) s += "{\"a\":";
    return s + "1" + std::string(200'000, '}');
  }();
  EXPECT_EQ(error_of(deep_objects).field(), "a");
}

TEST(ReadJson, ADeepMemberAfterOthersIsTheOneNamed) {
  const auto text = R"({"id":"e-1","order":{"id":"O-1"},"name":)" + std::string(100, '[') +
                    std::string(100, ']') + "}";
  EXPECT_EQ(error_of(text).field(), "name");
}

TEST(ReadJson, OutsideABodyTheMemberIsQualifiedByTheField) {
  EXPECT_EQ(error_of(nested_in("data", 100), "snapshot").field(), "snapshot.data");
  EXPECT_EQ(error_of("{\"a\":", "snapshot").field(), "snapshot");
}

TEST(ReadJson, InvalidJsonNamesTheField) {
  const auto e = error_of(R"({"id": "evt-x", "type": )");
  EXPECT_EQ(e.field(), "body");
  EXPECT_EQ(std::string(e.what()), "the body is not valid JSON");
  EXPECT_EQ(error_of("{} trailing").field(), "body");
  EXPECT_EQ(error_of("").field(), "body");
}

TEST(ReadJson, OrDiscardedAnswersDiscardedForInvalidAndTooDeep) {
  EXPECT_TRUE(read_json_or_discarded("{").is_discarded());
  EXPECT_TRUE(read_json_or_discarded(nested_in("data", 300'000)).is_discarded());
  EXPECT_EQ(read_json_or_discarded(R"({"a":[1,2,{"b":null}]})")["a"][2],
            nlohmann::json::parse(R"({"b":null})"));
}

TEST(ReadJson, CommentsOnlyWhenAsked) {
  const std::string text = "/* SNS footer */ {\"a\": 1}";
  EXPECT_TRUE(read_json_or_discarded(text).is_discarded());
  EXPECT_EQ(read_json_or_discarded(text, {.ignore_comments = true})["a"], 1);
}

TEST(ReadJson, ReadsWhatJsonParseReads) {
  const std::string text =
      R"({"n":-3,"u":18446744073709551615,"f":1.5e3,"s":"æ\u00f8\n","b":[true,false,null],"o":{}})";
  EXPECT_EQ(read_json(text), nlohmann::json::parse(text));
}

}  // namespace
}  // namespace herald
