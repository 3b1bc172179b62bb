#pragma once
// The background work of pushed orders on the server's worker loop: retries of pushes the OMS
// did not take, and checks of orders still missing their payment. It runs on the one node that
// holds the job (store/cluster.h); the claims of OrderService keep it safe even where two
// nodes overlap while the job changes hands.
#include "common/worker_loop.h"
#include "oms/order_service.h"
#include "store/cluster.h"

namespace herald::oms {

// A pass that does what is due and asks to run again after `poll_ms`.
WorkerLoop::Pass order_work(OrderService& service, store::Cluster& cluster, TimeMs poll_ms);

}  // namespace herald::oms
