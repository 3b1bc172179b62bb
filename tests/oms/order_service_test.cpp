// The order service against a scripted OMS and a manual clock: prepaid and COD pushes, the
// idempotent repeat, retries with backoff until the OMS takes the order, payment confirmation,
// and the reconciler's 15 minutes.
#include "oms/order_service.h"

#include <gtest/gtest.h>

#include <deque>

#include "common/error.h"
#include "store/open_storage.h"
#include "support/temp_dir.h"

namespace herald::oms {
namespace {

constexpr TimeMs kStart = 1'800'000'000'000;
constexpr TimeMs kMinute = 60'000;

// An OMS whose answers the test scripts; counts what it was asked.
struct ScriptedOms {
  std::deque<std::function<void()>> place_faults;  // each next push runs one (it may throw)
  int placed = 0, payments = 0, status_asks = 0;
  OrderStatus status{"FY-1", "pending", "pending"};
  std::string last_payment_status;
};

class FakeConnector final : public Connector {
 public:
  explicit FakeConnector(ScriptedOms& oms) : oms_(oms) {}
  StockChangePage stock_changes(TimeMs, const std::string&) override { return {}; }
  std::vector<StockLine> stock_of(const std::vector<std::string>&) override { return {}; }
  Serviceability serviceability(const ServiceabilityRequest&) override { return {}; }
  PlacedOrder place_order(const PlaceOrderRequest& r) override {
    ++oms_.placed;
    if (!oms_.place_faults.empty()) {
      auto fault = oms_.place_faults.front();
      oms_.place_faults.pop_front();
      fault();
    }
    return {"FY-" + r.order_id, r.payment == "prepaid" ? "pending" : "placed", {}};
  }
  PaymentAnswer confirm_payment(const OrderRef& o, const PaymentConfirmation& p) override {
    ++oms_.payments;
    oms_.last_payment_status = p.status;
    return {o.fynd_order_id, p.status == "paid" ? "placed" : "pending"};
  }
  OrderStatus order_status(const OrderRef&) override {
    ++oms_.status_asks;
    return oms_.status;
  }
  TrackAnswer track_order(const OrderRef&) override {
    TrackAnswer t;
    t.shipments.push_back({"SH-1", "placed", "", {{"B-1", "TS-M", true, false}}, {}});
    return t;
  }

 private:
  ScriptedOms& oms_;
};

struct OrderServiceTest : ::testing::Test {
  testing::TempDir dir;
  ManualClock clock{kStart};
  store::Storages opened = store::open_storage("sqlite://" + dir.file("h.db"));
  store::StoreRecord shop = opened.storage().create_store("shop", "hash", "", {}, 1);
  ScriptedOms oms;
  bool connector_on = true;
  OrderService service{opened.oms_orders(),
                       [this](store::StoreId) -> std::unique_ptr<Connector> {
                         if (!connector_on) throw not_found("OMS connector");
                         return std::make_unique<FakeConnector>(oms);
                       },
                       clock};

  static PlaceOrderRequest order(const std::string& id, const std::string& payment) {
    PlaceOrderRequest r;
    r.order_id = id;
    r.payment = payment;
    r.customer = {"Sara", "sara@test.no", "+4790000000"};
    r.address = {{"pincode", "560001"}};
    r.items = {{"TS-M", 1, 499}};
    return r;
  }
  static std::function<void()> fault() {
    return [] { throw OmsFault(FaultKind::server_error, 503, "test"); };
  }
  static std::function<void()> refusal() {
    return [] { throw OmsRefusal(400, "pincode not known"); };
  }
};

TEST_F(OrderServiceTest, APrepaidOrderIsPlacedAtTheOmsAndMissingUntilPaid) {
  auto out = service.push(shop.id, order("K-1", "prepaid"));
  EXPECT_FALSE(out.repeated);
  EXPECT_EQ(out.order.state, kMissing);
  EXPECT_EQ(out.order.fynd_order_id, "FY-K-1");
  EXPECT_EQ(out.order.oms_status, "pending");
  EXPECT_EQ(out.order.attempts, 1);
  EXPECT_EQ(out.order.next_attempt_at, kStart + 15 * kMinute);

  auto paid = service.confirm_payment(shop.id, "K-1", {"paid", "razorpay", "pay_1"});
  EXPECT_EQ(paid.state, kPlaced);
  EXPECT_EQ(paid.oms_status, "placed");
  EXPECT_EQ(paid.next_attempt_at, 0);
  EXPECT_EQ(oms.payments, 1);
  // Confirmed again: the stored answer, no second call.
  EXPECT_EQ(service.confirm_payment(shop.id, "K-1", {"paid", "", ""}).state, kPlaced);
  EXPECT_EQ(oms.payments, 1);
}

TEST_F(OrderServiceTest, ACodOrderIsPlacedAndTakesNoPayment) {
  auto out = service.push(shop.id, order("K-2", "cod"));
  EXPECT_EQ(out.order.state, kPlaced);
  EXPECT_EQ(out.order.next_attempt_at, 0);
  try {
    service.confirm_payment(shop.id, "K-2", {"failed", "", ""});
    FAIL() << "a placed order took a failed payment";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::conflict);
    EXPECT_EQ(e.field(), "order_id");
  }
}

TEST_F(OrderServiceTest, AFailedPaymentIsConfirmedAtTheOmsAndKept) {
  service.push(shop.id, order("K-3", "prepaid"));
  auto failed = service.confirm_payment(shop.id, "K-3", {"failed", "razorpay", "pay_2"});
  EXPECT_EQ(failed.state, kPaymentFailed);
  EXPECT_EQ(oms.last_payment_status, "failed");
}

TEST_F(OrderServiceTest, ARepeatAnswersTheStoredResultWithoutASecondPush) {
  service.push(shop.id, order("K-1", "prepaid"));
  auto again = service.push(shop.id, order("K-1", "cod"));
  EXPECT_TRUE(again.repeated);
  EXPECT_EQ(again.order.state, kMissing);
  EXPECT_EQ(again.order.payment, "prepaid");
  EXPECT_EQ(oms.placed, 1);
}

TEST_F(OrderServiceTest, APushTheOmsDidNotTakeIsRetriedWithBackoffUntilPlaced) {
  oms.place_faults = {fault(), refusal(), fault()};
  auto out = service.push(shop.id, order("K-4", "cod"));
  EXPECT_EQ(out.order.state, kPushFailed);
  EXPECT_EQ(out.order.attempts, 1);
  EXPECT_EQ(out.order.last_error, "the OMS did not answer (HTTP 503)");
  EXPECT_EQ(out.order.next_attempt_at, kStart + kMinute);

  clock.advance_ms(kMinute - 1);
  EXPECT_EQ(service.retry_due_pushes(10), 0);  // not due yet
  clock.advance_ms(1);
  EXPECT_EQ(service.retry_due_pushes(10), 1);
  auto second = *service.get(shop.id, "K-4");
  EXPECT_EQ(second.state, kPushFailed);
  EXPECT_EQ(second.attempts, 2);
  EXPECT_NE(second.last_error.find("pincode not known"), std::string::npos);
  EXPECT_EQ(second.next_attempt_at, clock.now_ms() + 2 * kMinute);  // doubled

  clock.advance_ms(2 * kMinute);
  service.retry_due_pushes(10);
  EXPECT_EQ(service.get(shop.id, "K-4")->next_attempt_at, clock.now_ms() + 4 * kMinute);
  clock.advance_ms(4 * kMinute);
  service.retry_due_pushes(10);
  auto placed = *service.get(shop.id, "K-4");
  EXPECT_EQ(placed.state, kPlaced);
  EXPECT_EQ(placed.attempts, 4);
  EXPECT_EQ(placed.last_error, "");
  EXPECT_EQ(oms.placed, 4);
  clock.advance_ms(60 * kMinute);
  EXPECT_EQ(service.retry_due_pushes(10), 0);
}

TEST_F(OrderServiceTest, AnOrderWhoseStoreSwitchedTheConnectorOffWaitsWithoutLosingAnAttempt) {
  oms.place_faults = {fault()};
  service.push(shop.id, order("K-5", "cod"));
  connector_on = false;
  clock.advance_ms(kMinute);
  service.retry_due_pushes(10);
  auto waiting = *service.get(shop.id, "K-5");
  EXPECT_EQ(waiting.state, kPushFailed);
  EXPECT_EQ(waiting.attempts, 1);
  EXPECT_GT(waiting.next_attempt_at, clock.now_ms());
  connector_on = true;
  clock.set(waiting.next_attempt_at);
  service.retry_due_pushes(10);
  EXPECT_EQ(service.get(shop.id, "K-5")->state, kPlaced);
}

TEST_F(OrderServiceTest, TheReconcilerAsksAboutMissingOrdersOnlyAfterFifteenMinutes) {
  service.push(shop.id, order("K-6", "prepaid"));
  clock.advance_ms(15 * kMinute - 1);
  EXPECT_EQ(service.check_missing_orders(10), 0);
  EXPECT_EQ(oms.status_asks, 0);
  clock.advance_ms(1);
  EXPECT_EQ(service.check_missing_orders(10), 1);  // still pending at the OMS
  auto still = *service.get(shop.id, "K-6");
  EXPECT_EQ(still.state, kMissing);
  EXPECT_EQ(still.next_attempt_at, clock.now_ms() + 5 * kMinute);

  oms.status = {"FY-K-6", "placed", "paid"};
  clock.advance_ms(5 * kMinute);
  EXPECT_EQ(service.check_missing_orders(10), 1);
  auto placed = *service.get(shop.id, "K-6");
  EXPECT_EQ(placed.state, kPlaced);
  EXPECT_EQ(placed.oms_status, "placed");
  clock.advance_ms(60 * kMinute);
  EXPECT_EQ(service.check_missing_orders(10), 0);
  EXPECT_EQ(oms.status_asks, 2);
}

TEST_F(OrderServiceTest, TheReconcilerFollowsAnOrderTheOmsCancelled) {
  service.push(shop.id, order("K-7", "prepaid"));
  oms.status = {"FY-K-7", "cancelled", "pending"};
  clock.advance_ms(15 * kMinute);
  service.check_missing_orders(10);
  EXPECT_EQ(service.get(shop.id, "K-7")->state, kCancelled);
}

TEST_F(OrderServiceTest, AnOrderTheOmsDoesNotHaveYetCannotBeTrackedOrPaid) {
  oms.place_faults = {fault()};
  service.push(shop.id, order("K-8", "prepaid"));
  for (auto call : {+[](OrderService&s, store::StoreId id) { s.track(id, "K-8"); },
                    +[](OrderService&s, store::StoreId id) {
                      s.confirm_payment(id, "K-8", {"paid", "", ""});
                    }}) {
    try {
      call(service, shop.id);
      FAIL() << "an order the OMS does not have was tracked or paid";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::conflict);
      EXPECT_EQ(e.field(), "order_id");
    }
  }
  EXPECT_THROW(service.track(shop.id, "nope"), Error);
  service.push(shop.id, order("K-9", "cod"));
  auto t = service.track(shop.id, "K-9");
  ASSERT_EQ(t.answer.shipments.size(), 1u);
  EXPECT_TRUE(t.answer.shipments[0].bags[0].returnable);
  EXPECT_EQ(t.order.fynd_order_id, "FY-K-9");
}

TEST_F(OrderServiceTest, NoConnectorMeansNothingIsStored) {
  connector_on = false;
  EXPECT_THROW(service.push(shop.id, order("K-10", "cod")), Error);
  EXPECT_FALSE(service.get(shop.id, "K-10"));
}

}  // namespace
}  // namespace herald::oms
