#pragma once
// The background work of pushed orders: retries of pushes the OMS did not take, and checks of
// orders still missing their payment. It runs on the one node that holds the cluster's
// "oms-orders" job (store/cluster.h); the claims of OrderService keep it safe even where two
// nodes overlap while the job changes hands.
#include "common/worker_loop.h"
#include "oms/order_service.h"
#include "store/cluster.h"

namespace herald::oms {

class OrderWorker {
 public:
  // Looks for due work every `poll_ms`.
  OrderWorker(OrderService& service, store::Cluster& cluster, TimeMs poll_ms)
      : service_(service), cluster_(cluster), poll_ms_(poll_ms) {}
  ~OrderWorker() { stop(); }
  void start();
  void stop() { loop_.stop(); }
  // One pass: everything due now; returns the wait before the next.
  TimeMs pass();

 private:
  OrderService& service_;
  store::Cluster& cluster_;
  const TimeMs poll_ms_;
  WorkerLoop loop_{"oms-orders"};
};

}  // namespace herald::oms
