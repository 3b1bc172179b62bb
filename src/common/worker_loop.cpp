#include "common/worker_loop.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>

namespace herald {

namespace {
constexpr TimeMs kAfterError = 1000;
}

WorkerLoop::~WorkerLoop() {
  stop();
}

void WorkerLoop::add(std::function<Pass()> make_pass, TimeMs first_wait_ms) {
  planned_.push_back({std::move(make_pass), first_wait_ms});
}

void WorkerLoop::start() {
  std::uint64_t at_start;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    at_start = generation_;
  }
  // A wake that comes before a new thread first looks must still count for it.
  for (const auto& t : planned_) threads_.emplace_back([this, &t, at_start] { run(t, at_start); });
}

void WorkerLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void WorkerLoop::wake() {
  {
    std::lock_guard lock(mutex_);
    ++generation_;
  }
  wake_.notify_all();
}

bool WorkerLoop::wait(TimeMs ms, std::uint64_t seen) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, std::chrono::milliseconds(ms),
                 [&] { return stopping_ || generation_ != seen; });
  return !stopping_;
}

void WorkerLoop::run(const Thread& t, std::uint64_t seen) {
  if (t.first_wait_ms > 0 && !wait(t.first_wait_ms, seen)) return;
  Pass pass = t.make_pass();
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      seen = generation_;  // a wake during the pass is not lost: the next wait sees it
    }
    TimeMs next = kAfterError;
    try {
      next = pass();
    } catch (const std::exception& e) {
      spdlog::error("{}: {}", name_, e.what());
    }
    if (next > 0 && !wait(next, seen)) return;
  }
}

}  // namespace herald
