#include "common/bounded_pool.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace herald {

BoundedPool::BoundedPool(std::string name, int threads, std::size_t queue)
    : name_(std::move(name)), queue_limit_(queue), idle_(std::max(threads, 1)) {
  for (int i = 0; i < idle_; ++i) threads_.emplace_back([this] { run(); });
}

BoundedPool::~BoundedPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

bool BoundedPool::try_submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    // Jobs a waiting thread will take at once do not count against the queue.
    if (stopping_ || queue_.size() >= queue_limit_ + static_cast<std::size_t>(idle_)) return false;
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
  return true;
}

void BoundedPool::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    --idle_;
    if (stopping_) return;
    auto job = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    try {
      job();
    } catch (const std::exception& e) {
      spdlog::error("{}: job failed: {}", name_, e.what());
    } catch (...) {
      spdlog::error("{}: job failed", name_);
    }
    lock.lock();
    ++idle_;
  }
}

}  // namespace herald
