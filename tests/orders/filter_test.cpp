#include "orders/filter.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/json_read.h"

namespace herald::orders {
namespace {

using nlohmann::json;

const json kContext = json::parse(R"({
  "order": {"id": "O-1", "payment": "COD", "total": "1250.50", "items": 3},
  "customer": {"id": "C-9", "locale": "nb-NO", "phone": "+4790000000", "email": "",
               "tags": ["vip", "b2b"]},
  "status": {"type": "delivery", "from": "PICKED", "to": "SHIPPED"}})");

bool match(const char* filter) {
  auto f = json::parse(filter);
  validate_filter(f);
  return filter_matches(f, kContext);
}

std::string field_of(const char* filter) {
  try {
    validate_filter(json::parse(filter));
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::bad_request);
    return e.field();
  }
  return "(valid)";
}

TEST(Filter, EmptyMatchesEverything) {
  EXPECT_TRUE(match("{}"));
  EXPECT_TRUE(filter_matches(json(), kContext));
}

TEST(Filter, Comparisons) {
  EXPECT_TRUE(match(R"({"field":"order.payment","op":"eq","value":"cod"})"));
  EXPECT_FALSE(match(R"({"field":"order.payment","op":"eq","value":"prepaid"})"));
  EXPECT_TRUE(match(R"({"field":"order.total","op":"gte","value":1000})"));
  EXPECT_FALSE(match(R"({"field":"order.total","op":"lt","value":1000})"));
  EXPECT_TRUE(match(R"({"field":"order.items","op":"eq","value":3})"));
  EXPECT_TRUE(match(R"({"field":"customer.locale","op":"prefix","value":"nb"})"));
  EXPECT_TRUE(match(R"({"field":"customer.tags","op":"contains","value":"VIP"})"));
  EXPECT_FALSE(match(R"({"field":"customer.tags","op":"contains","value":"gold"})"));
  EXPECT_TRUE(match(R"({"field":"order.payment","op":"in","value":["card","cod"]})"));
  EXPECT_TRUE(match(R"({"field":"order.payment","op":"ne","value":"card"})"));
  EXPECT_TRUE(match(R"({"field":"order.missing","op":"ne","value":"x"})"));
  EXPECT_FALSE(match(R"({"field":"order.missing","op":"eq","value":"x"})"));
}

TEST(Filter, ExistsTreatsEmptyAsAbsent) {
  EXPECT_TRUE(match(R"({"field":"customer.phone","op":"exists"})"));
  EXPECT_FALSE(match(R"({"field":"customer.email","op":"exists"})"));
  EXPECT_TRUE(match(R"({"field":"customer.email","op":"exists","value":false})"));
  EXPECT_FALSE(match(R"({"field":"customer.fax","op":"exists"})"));
}

TEST(Filter, AllAnyNot) {
  EXPECT_TRUE(match(R"({"all":[{"field":"order.payment","op":"eq","value":"cod"},
                               {"field":"order.total","op":"gte","value":1000}]})"));
  EXPECT_FALSE(match(R"({"all":[{"field":"order.payment","op":"eq","value":"cod"},
                                {"field":"order.total","op":"gte","value":5000}]})"));
  EXPECT_TRUE(match(R"({"any":[{"field":"order.payment","op":"eq","value":"card"},
                               {"field":"customer.tags","op":"contains","value":"b2b"}]})"));
  EXPECT_FALSE(match(R"({"not":{"field":"order.payment","op":"eq","value":"cod"}})"));
  EXPECT_TRUE(match(R"({"all":[{"any":[{"field":"status.to","op":"eq","value":"SHIPPED"}]},
                               {"not":{"field":"customer.locale","op":"prefix","value":"en"}}]})"));
}

TEST(Filter, ValidationNamesThePath) {
  EXPECT_EQ(field_of(R"([1])"), "filter");
  EXPECT_EQ(field_of(R"({"all":[]})"), "filter.all");
  EXPECT_EQ(field_of(R"({"all":[{"field":"order.total","op":"near","value":1}]})"),
            "filter.all[0].op");
  EXPECT_EQ(
      field_of(
          R"({"any":[{"field":"a","op":"eq","value":1},{"field":"b c","op":"eq","value":1}]})"),
      "filter.any[1].field");
  EXPECT_EQ(field_of(R"({"field":"order.total","op":"gte","value":"lots"})"), "filter.value");
  EXPECT_EQ(field_of(R"({"field":"order.total","op":"eq"})"), "filter.value");
  EXPECT_EQ(field_of(R"({"field":"order.total","op":"in","value":[]})"), "filter.value");
  EXPECT_EQ(field_of(R"({"not":{"field":"x","op":"exists","value":"yes"}})"), "filter.not.value");
  EXPECT_EQ(field_of(R"({"field":"x","op":"eq","value":1,"extra":2})"), "filter.extra");
  EXPECT_EQ(field_of(R"({"some":"thing"})"), "filter");
  EXPECT_EQ(field_of(R"({"all":[{"field":"a","op":"exists"}],"field":"b","op":"exists"})"),
            "filter");
  EXPECT_EQ(field_of(R"({"not":{"field":"a","op":"exists"},"field":"b","op":"exists"})"), "filter");
  EXPECT_EQ(field_of(R"({"field":"order.payment","op":"eq","value":"cod"})"), "(valid)");
}

// {"not":{"not":…{"field":…}}} with `levels` filters in all.
json nots(int levels) {
  std::string s;
  for (int i = 1; i < levels; ++i) s += R"({"not":)";
  s += R"({"field":"order.payment","op":"eq","value":"cod"})";
  return json::parse(s + std::string(levels - 1, '}'));
}

TEST(Filter, NestingIsBoundedLikeJson) {
  EXPECT_FALSE(filter_matches(nots(kMaxJsonDepth), kContext));  // 63 nots: odd, so false
  validate_filter(nots(kMaxJsonDepth));
  const auto field = [](const json& f) {
    try {
      validate_filter(f);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::bad_request);
      return e.field();
    }
    return std::string("(valid)");
  };
  std::string path = "filter";
  for (int i = 0; i < kMaxJsonDepth; ++i) path += ".not";
  EXPECT_EQ(field(nots(kMaxJsonDepth + 1)), path);
  // Deep enough to overflow a recursive walk: refused at the limit, not evaluated.
  const auto deep = nots(300'000);
  EXPECT_EQ(field(deep), path);
  EXPECT_THROW(filter_matches(deep, kContext), Error);
}

}  // namespace
}  // namespace herald::orders
