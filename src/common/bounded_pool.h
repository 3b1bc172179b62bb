#pragma once
// A few threads that run jobs from a bounded queue. Work that is slow on purpose (password
// hashing) runs here instead of on the HTTP threads; when the queue is full the caller is told
// at once and can answer "try later" rather than wait.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace herald {

class BoundedPool {
 public:
  // `queue` jobs may wait beside the `threads` that are running.
  BoundedPool(std::string name, int threads, std::size_t queue);
  // Stops the threads after the jobs they are running; waiting jobs are dropped unrun.
  ~BoundedPool();
  BoundedPool(const BoundedPool&) = delete;
  BoundedPool& operator=(const BoundedPool&) = delete;

  // False, without running or keeping `job`, when every thread is busy and the queue is full.
  // A job that throws is logged and dropped.
  bool try_submit(std::function<void()> job);

 private:
  void run();

  const std::string name_;
  const std::size_t queue_limit_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  int idle_;  // threads not running a job (counted from construction, started or not)
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace herald
