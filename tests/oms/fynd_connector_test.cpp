// The Fynd connector against a fake HTTP client: what it sends, how it reads the answers, how
// failures are typed, and what it logs.
#include <gtest/gtest.h>

#include <deque>

#include "oms/registry.h"

namespace herald::oms {
namespace {

struct FakeHttp final : HttpClient {
  std::vector<HttpCall> calls;
  std::deque<HttpAnswer> answers;
  std::optional<FaultKind> fail;
  HttpAnswer send(const HttpCall& call) override {
    calls.push_back(call);
    if (fail) throw OmsFault(*fail, 0, "transport failed");
    auto a = answers.front();
    answers.pop_front();
    return a;
  }
};

struct MemoryLog final : CallLog {
  std::vector<CallRecord> records;
  void record(const CallRecord& c) noexcept override { records.push_back(c); }
};

struct FyndConnectorTest : ::testing::Test {
  FakeHttp http;
  ManualClock clock{1'800'000'000'000};
  MemoryLog log;
  std::unique_ptr<Connector> fynd =
      make_connector({"fynd", "https://oms.example/api/", "AFF-1", "tok-secret", "hook-secret"},
                     {http, clock, log});

  std::string header(const HttpCall& c, const std::string& name) {
    for (const auto& [k, v] : c.headers)
      if (k == name) return v;
    return "<none>";
  }
};

TEST_F(FyndConnectorTest, PollsStockChangesWithTheAffiliateHeaders) {
  http.answers.push_back(
      {200, R"({"items":[{"identifier":{"sku_code":"TS-M"},"size":"M","quantity":5}],)"
            R"("page":{"has_next":true,"next_id":"p2"}})"});
  const auto page = fynd->stock_changes(0, "");
  ASSERT_EQ(http.calls.size(), 1u);
  EXPECT_EQ(http.calls[0].method, "GET");
  EXPECT_EQ(http.calls[0].url,
            "https://oms.example/api/service/application/catalog/v1.0/products/stock-status/"
            "poll/?timestamp=1970-01-01T00%3A00%3A00Z&page_size=100");
  EXPECT_EQ(header(http.calls[0], "x-affiliate-id"), "AFF-1");
  EXPECT_EQ(header(http.calls[0], "x-affiliate-token"), "tok-secret");
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].sku, "TS-M");
  EXPECT_EQ(page.items[0].size, "M");
  EXPECT_EQ(page.items[0].quantity, 5);
  EXPECT_TRUE(page.has_next);
  EXPECT_EQ(page.next_id, "p2");
  ASSERT_EQ(log.records.size(), 1u);
  EXPECT_EQ(log.records[0].status, 200);
  EXPECT_EQ(log.records[0].path.find("tok-secret"), std::string::npos);
  EXPECT_EQ(log.records[0].path.rfind("/service/application/", 0), 0u);
}

TEST_F(FyndConnectorTest, AsksStockOfAtMostFiftySkus) {
  http.answers.push_back({200, R"({"items":[{"identifier":{"sku_code":"A"},"quantity":3}]})"});
  EXPECT_EQ(fynd->stock_of({"A", "B C"}).at(0).quantity, 3);
  EXPECT_NE(http.calls[0].url.find("stock-status/?sku_code=A,B%20C"), std::string::npos)
      << http.calls[0].url;
  EXPECT_THROW(fynd->stock_of(std::vector<std::string>(51, "X")), Error);
  EXPECT_EQ(http.calls.size(), 1u);
}

TEST_F(FyndConnectorTest, PlacesOrdersAndReadsShipments) {
  http.answers.push_back({200, R"({"fynd_order_id":"FY-1","status":"pending","shipments":)"
                               R"([{"shipment_id":"S1","bags":[{"bag_id":"B1","sku":"TS-M"}]}]})"});
  PlaceOrderRequest r{"KRT-1",
                      "prepaid",
                      {"Sara", "sara@test.no", "+4790000000"},
                      {{"pincode", "0150"}},
                      {{"TS-M", 1, 199.5}}};
  const auto placed = fynd->place_order(r);
  EXPECT_EQ(placed.fynd_order_id, "FY-1");
  EXPECT_EQ(placed.shipments.at(0).bags.at(0).bag_id, "B1");
  const auto sent = nlohmann::json::parse(http.calls[0].body);
  EXPECT_EQ(sent["order_id"], "KRT-1");
  EXPECT_EQ(sent["address"]["pincode"], "0150");
  EXPECT_EQ(sent["items"][0]["price"], 199.5);
  EXPECT_EQ(header(http.calls[0], "content-type"), "application/json");
  EXPECT_EQ(log.records.at(0).order_id, "KRT-1");
}

TEST_F(FyndConnectorTest, OrderCallsUseTheOmsIdAndLogTheStorefrontsId) {
  http.answers.push_back({200, R"({"fynd_order_id":"FY 1","status":"placed"})"});
  http.answers.push_back(
      {200, R"({"fynd_order_id":"FY 1","status":"placed","payment_status":"paid"})"});
  http.answers.push_back({200, R"({"shipments":[{"shipment_id":"S1","status":"bag_picked",)"
                               R"("bags":[{"bag_id":"B1","sku":"A","returnable":true}],)"
                               R"("history":[{"status":"placed","at":"t"}]}]})"});
  EXPECT_EQ(fynd->confirm_payment({"KRT-1", "FY 1"}, {"paid", "stripe", "pi_1"}).status, "placed");
  EXPECT_EQ(fynd->order_status({"", "FY 1"}).payment_status, "paid");
  const auto track = fynd->track_order({"KRT-1", "FY 1"});
  EXPECT_TRUE(track.shipments.at(0).bags.at(0).returnable);
  EXPECT_FALSE(track.shipments.at(0).bags.at(0).cancellable);
  EXPECT_EQ(track.shipments.at(0).history.at(0).status, "placed");
  EXPECT_EQ(http.calls[0].url, "https://oms.example/api/orders/FY%201/payment");
  EXPECT_EQ(http.calls[1].url, "https://oms.example/api/orders/FY%201");
  EXPECT_EQ(http.calls[2].url, "https://oms.example/api/orders/FY%201/track");
  EXPECT_EQ(log.records[0].order_id, "KRT-1");
  EXPECT_EQ(log.records[1].order_id, "FY 1");
}

TEST_F(FyndConnectorTest, ServerErrorsTimeoutsAndRefusalsAreTyped) {
  http.answers.push_back({503, "busy"});
  try {
    fynd->serviceability({"0150", "cod", {{"A", 1}}});
    FAIL() << "a 503 must throw";
  } catch (const OmsFault& f) {
    EXPECT_EQ(f.kind(), FaultKind::server_error);
    EXPECT_EQ(f.status(), 503);
    EXPECT_EQ(f.code(), ErrorCode::unavailable);
    EXPECT_EQ(f.field(), "oms");
  }
  http.answers.push_back({404, R"({"message":"order not found"})"});
  try {
    fynd->order_status({"", "FY-9"});
    FAIL() << "a 404 must throw";
  } catch (const OmsRefusal& r) {
    EXPECT_EQ(r.status(), 404);
    EXPECT_EQ(r.oms_message(), "order not found");
    EXPECT_EQ(r.code(), ErrorCode::bad_request);
  }
  http.answers.push_back({200, "not json"});
  EXPECT_THROW(fynd->order_status({"", "FY-9"}), OmsFault);
  http.fail = FaultKind::timeout;
  try {
    fynd->order_status({"", "FY-9"});
    FAIL() << "a timeout must throw";
  } catch (const OmsFault& f) {
    EXPECT_EQ(f.kind(), FaultKind::timeout);
  }
  ASSERT_EQ(log.records.size(), 4u);
  EXPECT_EQ(log.records[0].status, 503);
  EXPECT_EQ(log.records[1].error, "order not found");
  EXPECT_EQ(log.records[3].status, 0);
  EXPECT_FALSE(log.records[3].error.empty());
}

TEST(OmsRegistry, KnowsFyndOnly) {
  EXPECT_TRUE(is_known_provider("fynd"));
  EXPECT_FALSE(is_known_provider("shopify"));
}

}  // namespace
}  // namespace herald::oms
