#include "intake/event_request.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace herald::intake {
namespace {

std::string field_of(const std::string& body) {
  try {
    parse_event(body, 0);
  } catch (const Error& e) {
    return e.field();
  }
  return "(accepted)";
}

TEST(ParseEvent, AcceptsTheContractExample) {
  auto e = parse_event(R"({"id":"evt-000123","type":"OUT_FOR_DELIVERY",
    "occurred_at":"2026-11-20T10:00:00Z","order":{"id":"FY-88812","number":"KRT-1001"},
    "customer":{"id":"C-9","name":"Sara","email":"sara@test.no","phone":"+47 900 00 000",
    "locale":"nb-NO"},"data":{"tracking_url":"https://carrier.example/t/123"}})",
                       *parse_rfc3339("2026-11-20T10:00:05Z"));
  EXPECT_EQ(e.id, "evt-000123");
  EXPECT_EQ(e.order_id, "FY-88812");
  EXPECT_EQ(e.occurred_at, *parse_rfc3339("2026-11-20T10:00:00Z"));
  EXPECT_EQ(e.phone, "+47 900 00 000");
  EXPECT_EQ(e.locale, "nb-NO");
  EXPECT_EQ(e.body["data"]["tracking_url"], "https://carrier.example/t/123");
}

TEST(ParseEvent, OccurredAtMayBeADayAheadOfTheClockAndNoMore) {
  const TimeMs now = *parse_rfc3339("2026-12-06T12:00:00Z");
  auto event = [](const std::string& at) {
    return R"({"id":"e","type":"ORDER_PLACED","order":{"id":"1"},"occurred_at":")" + at + "\"}";
  };
  EXPECT_EQ(parse_event(event("2026-12-07T12:00:00Z"), now).occurred_at, now + kMaxAheadOfClockMs);
  try {
    parse_event(event("9999-01-01T00:00:00Z"), now);
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "occurred_at");
  }
  EXPECT_THROW(parse_event(event("2026-12-07T12:00:00.001Z"), now), Error);
}

TEST(ParseEvent, OccurredAtDefaultsToReceiptAndNumericIdsAreText) {
  auto e = parse_event(R"({"id":17,"type":"ORDER_PLACED","order":{"id":42}})", 1234);
  EXPECT_EQ(e.occurred_at, 1234);
  EXPECT_EQ(e.id, "17");
  EXPECT_EQ(e.order_id, "42");
}

TEST(ParseEvent, NamesTheFieldAtFault) {
  EXPECT_EQ(field_of("{not json"), "body");
  EXPECT_EQ(field_of("[1,2]"), "body");
  EXPECT_EQ(field_of(R"({"type":"ORDER_PLACED","order":{"id":"1"}})"), "id");
  EXPECT_EQ(field_of(R"({"id":"","type":"ORDER_PLACED","order":{"id":"1"}})"), "id");
  EXPECT_EQ(field_of(R"({"id":"e","order":{"id":"1"}})"), "type");
  EXPECT_EQ(field_of(R"({"id":"e","type":"TELEPORTED","order":{"id":"1"}})"), "type");
  EXPECT_EQ(field_of(R"({"id":"e","type":"ORDER_PLACED"})"), "order.id");
  EXPECT_EQ(field_of(R"({"id":"e","type":"ORDER_PLACED","order":{}})"), "order.id");
  EXPECT_EQ(field_of(R"({"id":"e","type":"ORDER_PLACED","order":"x"})"), "order");
  EXPECT_EQ(field_of(R"({"id":"e","type":"ORDER_PLACED","order":{"id":"1"},"occurred_at":"now"})"),
            "occurred_at");
  EXPECT_EQ(
      field_of(R"({"id":"e","type":"ORDER_PLACED","order":{"id":"1"},"customer":{"email":5}})"),
      "customer.email");
  EXPECT_EQ(field_of(R"({"id":"e","type":"ORDER_PLACED","order":{"id":"1"},"data":[]})"), "data");
}

TEST(ParseEvent, RefusesABodyOverOneMebibyte) {
  std::string big = R"({"id":"e","type":"ORDER_PLACED","order":{"id":"1"},"data":{"x":")" +
                    std::string(kMaxBodyBytes, 'a') + "\"}}";
  EXPECT_EQ(field_of(big), "body");
}

}  // namespace
}  // namespace herald::intake
