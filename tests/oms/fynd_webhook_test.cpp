// Fynd's shipment webhook read into an order event: the signature, the status mapping, the
// fields that become the event, and envelopes that are refused naming the field.
#include "oms/fynd/fynd_webhook.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "common/ids.h"

namespace herald::oms::fynd {
namespace {

const std::string kBody = R"({"event":{"id":"9f1c","name":"shipment","type":"update",
  "category":"application","version":"1","created_timestamp":1764900000},
 "payload":{"shipment":{"shipment_id":"SH-1","order_id":"FY-88812","affiliate_order_id":"KRT-1001",
   "status":"out_for_delivery","payment_mode":"COD","tracking_url":"https://t.example/1",
   "bags":[{"bag_id":"B-1","sku":"TS-M","name":"T-shirt","qty":1}],
   "user":{"id":"C-9","name":"Sara","email":"sara@test.no","mobile":"+4790000000"}}}})";

std::string field_of(const std::string& body) {
  try {
    webhook_reader().read(body);
  } catch (const Error& e) {
    return e.field();
  }
  return "<read>";
}

TEST(FyndWebhook, TheSignatureIsAnHmacOfTheRawBody) {
  const auto& r = webhook_reader();
  EXPECT_STREQ(r.signature_header, "x-fp-signature");
  const auto sig = hmac_sha256_hex("s3cret", kBody);
  EXPECT_TRUE(r.signed_by(kBody, sig, "s3cret"));
  std::string upper = sig;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(r.signed_by(kBody, upper, "s3cret"));
  EXPECT_FALSE(r.signed_by(kBody + " ", sig, "s3cret"));
  EXPECT_FALSE(r.signed_by(kBody, sig, "other"));
  EXPECT_FALSE(r.signed_by(kBody, "", "s3cret"));
  EXPECT_FALSE(r.signed_by(kBody, hmac_sha256_hex("", kBody), ""));
}

TEST(FyndWebhook, TheShipmentBecomesTheOrderEvent) {
  const auto w = webhook_reader().read(kBody);
  EXPECT_EQ(w.event_id, "9f1c");
  EXPECT_EQ(w.status, "out_for_delivery");
  EXPECT_EQ(w.event_type, "OUT_FOR_DELIVERY");
  EXPECT_EQ(w.at, 1764900000000);
  EXPECT_EQ(w.event["id"], "9f1c");
  EXPECT_EQ(w.event["occurred_at"], "2025-12-05T02:00:00.000Z");
  EXPECT_EQ(w.event["order"]["id"], "FY-88812");
  EXPECT_EQ(w.event["order"]["number"], "KRT-1001");
  EXPECT_EQ(w.event["order"]["payment"], "cod");
  EXPECT_EQ(w.event["order"]["bags"][0]["id"], "B-1");
  EXPECT_EQ(w.event["order"]["bags"][0]["qty"], 1);
  EXPECT_EQ(w.event["customer"]["phone"], "+4790000000");
  EXPECT_EQ(w.event["customer"]["email"], "sara@test.no");
  EXPECT_EQ(w.event["data"]["tracking_url"], "https://t.example/1");
  EXPECT_EQ(w.event["data"]["shipment_id"], "SH-1");
  EXPECT_FALSE(w.event.contains("type"));
}

TEST(FyndWebhook, BothVocabulariesMapAndOthersMapToNothing) {
  EXPECT_EQ(event_type_of("return_dp_out_for_pickup"), "OUT_FOR_PICKUP");
  EXPECT_EQ(event_type_of("rto_in_transit"), "RTO_BAG_IN_TRANSIT");
  EXPECT_EQ(event_type_of("cancelled_fynd"), "FYND_CANCELLED");
  EXPECT_EQ(event_type_of("REFUND_COMPLETED"), "REFUND_COMPLETED");
  EXPECT_EQ(event_type_of("bag_packed"), "");
  EXPECT_EQ(event_type_of("Placed"), "");
}

TEST(FyndWebhook, AMillisecondTimestampIsReadAsSuch) {
  std::string body = kBody;
  body.replace(body.find("1764900000"), 10, "1764900000123");
  EXPECT_EQ(webhook_reader().read(body).at, 1764900000123);
}

TEST(FyndWebhook, AnEnvelopeWithoutWhatIsNeededIsRefusedNamingTheField) {
  EXPECT_EQ(field_of("not json"), "body");
  EXPECT_EQ(field_of("[]"), "body");
  EXPECT_EQ(field_of(R"({"payload":{"shipment":{}}})"), "event");
  EXPECT_EQ(field_of(R"({"event":{},"payload":{"shipment":{"order_id":"O","status":"placed"}}})"),
            "event.id");
  EXPECT_EQ(field_of(R"({"event":{"id":"e"},"payload":{}})"), "payload.shipment");
  EXPECT_EQ(field_of(R"({"event":{"id":"e"},"payload":{"shipment":{"status":"placed"}}})"),
            "payload.shipment.order_id");
  EXPECT_EQ(field_of(R"({"event":{"id":"e"},"payload":{"shipment":{"order_id":"O"}}})"),
            "payload.shipment.status");
  EXPECT_EQ(
      field_of(R"({"event":{"id":"e"},"payload":{"shipment":{"order_id":"O","status":7.5}}})"),
      "payload.shipment.status");
}

}  // namespace
}  // namespace herald::oms::fynd
