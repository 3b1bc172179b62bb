#pragma once
// Group commit: events submitted by many HTTP requests at once are stored in one transaction,
// so the cost of a durable commit (fsync) is shared. Each submitter is called back after its
// event is on disk, or with the error that kept it from being stored.
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "common/clock.h"
#include "orders/order_status_service.h"
#include "store/intake_storage.h"
#include "store/suppression_storage.h"

namespace herald::intake {

class GroupCommitter {
 public:
  using Done = std::function<void(std::exception_ptr, store::EventAcceptance)>;

  // Runs a completion somewhere else than the commit thread (e.g. on the HTTP threads), so
  // that building answers does not delay the next commit. Null: run it inline.
  using Executor = std::function<void(std::function<void()>)>;

  GroupCommitter(store::IntakeStorage& intake, store::SuppressionStorage& suppressions,
                 store::OrderStorage& orders, const Clock& clock, std::function<void()> on_commit,
                 Executor executor = nullptr, size_t max_batch = 1024);
  ~GroupCommitter();

  void submit(store::NewEvent event, Done done);

 private:
  struct Item {
    store::NewEvent event;
    Done done;
  };
  void run();
  void commit(std::vector<Item>& batch);
  void complete(Item& item, std::exception_ptr error, store::EventAcceptance result);

  store::IntakeStorage& intake_;
  store::SuppressionStorage& suppressions_;
  orders::OrderStatusService order_statuses_;
  const Clock& clock_;
  std::function<void()> on_commit_;
  Executor executor_;
  size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> pending_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace herald::intake
