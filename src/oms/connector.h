#pragma once
// What Herald asks of an order-management system (contract §12.2), whatever the OMS. One
// Connector serves one store; it is made by the registry (oms/registry.h) from the store's
// settings. Every call is written to the store's OMS call log by the implementation.
//
// Failures are typed: OmsFault (a 5xx, a timeout, a refused connection: retry later, or answer
// the storefront 503) and OmsRefusal (the OMS answered 4xx: the request itself was refused;
// retrying the same request will not help). Both are herald::Error, so an API handler that
// lets one escape answers 503 {"error":"the OMS did not answer","field":"oms"} or 400 naming
// the field "oms" with what the OMS said.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/error.h"

namespace herald::oms {

// ---- faults ----

enum class FaultKind { server_error, timeout, refused };

class OmsFault : public Error {
 public:
  // `status`: the OMS's HTTP status for a server error, else 0. `detail` is for logs only.
  OmsFault(FaultKind kind, int status, std::string detail)
      : Error(ErrorCode::unavailable, "the OMS did not answer", "oms", std::move(detail)),
        kind_(kind),
        status_(status) {}
  FaultKind kind() const { return kind_; }
  int status() const { return status_; }

 private:
  FaultKind kind_;
  int status_;
};

class OmsRefusal : public Error {
 public:
  // `status`: the OMS's 4xx; `message`: what it said (its "message" or "error", else the body's
  // start), shown to the caller.
  OmsRefusal(int status, std::string message)
      : Error(ErrorCode::bad_request,
              "the OMS refused the request (" + std::to_string(status) + "): " + message, "oms"),
        status_(status),
        message_(std::move(message)) {}
  int status() const { return status_; }
  const std::string& oms_message() const { return message_; }

 private:
  int status_;
  std::string message_;
};

// ---- values ----

struct StockLine {
  std::string sku;
  std::string size;
  std::int64_t quantity = 0;
};

// One page of the SKUs whose stock changed.
struct StockChangePage {
  std::vector<StockLine> items;
  bool has_next = false;
  std::string next_id;
};

inline constexpr std::size_t kMaxSkusPerStockCall = 50;

struct ItemQty {
  std::string sku;
  std::int64_t qty = 0;
};

struct ServiceabilityRequest {
  std::string pincode;
  std::string payment;  // cod | prepaid
  std::vector<ItemQty> items;
};

struct Serviceability {
  bool serviceable = false;
  bool cod_available = false;
  std::string message;
  std::string promise_min, promise_max;  // as the OMS wrote them; may be empty
};

struct Customer {
  std::string name, email, phone;
};

struct OrderItem {
  std::string sku;
  std::int64_t qty = 0;
  double price = 0;
};

struct PlaceOrderRequest {
  std::string order_id;  // the storefront's
  std::string payment;   // cod | prepaid
  Customer customer;
  nlohmann::json address = nlohmann::json::object();  // passed through; has "pincode"
  std::vector<OrderItem> items;
};

struct Bag {
  std::string bag_id, sku;
  bool returnable = false, cancellable = false;  // only in a track answer
};

struct StatusAt {
  std::string status, at;
};

struct Shipment {
  std::string shipment_id;
  std::string status, tracking_url;  // only in a track answer
  std::vector<Bag> bags;
  std::vector<StatusAt> history;  // only in a track answer
};

struct PlacedOrder {
  std::string fynd_order_id;
  std::string status;  // pending | placed
  std::vector<Shipment> shipments;
};

// Which order a call concerns: the OMS's id is what it is asked by; the storefront's id is
// what the call log shows (the OMS's when the storefront's is not known).
struct OrderRef {
  std::string order_id;
  std::string fynd_order_id;
};

struct PaymentConfirmation {
  std::string status;  // paid | failed
  std::string gateway, reference;
};

struct PaymentAnswer {
  std::string fynd_order_id, status;
};

struct OrderStatus {
  std::string fynd_order_id, status, payment_status;
};

struct TrackAnswer {
  std::vector<Shipment> shipments;
  nlohmann::json raw;  // the OMS's answer as it came, for support pages
};

// ---- the connector ----

class Connector {
 public:
  virtual ~Connector() = default;

  // SKUs whose stock changed since `since` (RFC 3339 in the request), one page of at most 100;
  // `page_id` empty for the first page.
  virtual StockChangePage stock_changes(TimeMs since, const std::string& page_id) = 0;
  // Stock of the given SKUs; at most kMaxSkusPerStockCall (more: bad_request naming "skus").
  virtual std::vector<StockLine> stock_of(const std::vector<std::string>& skus) = 0;
  virtual Serviceability serviceability(const ServiceabilityRequest& r) = 0;
  virtual PlacedOrder place_order(const PlaceOrderRequest& r) = 0;
  virtual PaymentAnswer confirm_payment(const OrderRef& order, const PaymentConfirmation& p) = 0;
  virtual OrderStatus order_status(const OrderRef& order) = 0;
  virtual TrackAnswer track_order(const OrderRef& order) = 0;
};

}  // namespace herald::oms
