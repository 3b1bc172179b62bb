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
#include "store/storage.h"

namespace herald::intake {

class GroupCommitter {
 public:
  using Done = std::function<void(std::exception_ptr, store::EventAcceptance)>;

  GroupCommitter(store::Storage& storage, const Clock& clock, std::function<void()> on_commit,
                 size_t max_batch = 1024);
  ~GroupCommitter();

  void submit(store::NewEvent event, Done done);

 private:
  struct Item {
    store::NewEvent event;
    Done done;
  };
  void run();
  void commit(std::vector<Item>& batch);

  store::Storage& storage_;
  const Clock& clock_;
  std::function<void()> on_commit_;
  size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Item> pending_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace herald::intake
