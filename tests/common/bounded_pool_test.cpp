#include "common/bounded_pool.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>

namespace herald {
namespace {

// Holds jobs until opened; counts the jobs that have started.
struct Gate {
  std::mutex m;
  std::condition_variable cv;
  bool open = false;
  int started = 0;

  void pass() {
    std::unique_lock lock(m);
    ++started;
    cv.notify_all();
    cv.wait(lock, [this] { return open; });
  }
  void wait_started(int n) {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return started >= n; });
  }
  void release() {
    std::lock_guard lock(m);
    open = true;
    cv.notify_all();
  }
};

TEST(BoundedPool, RefusesAtOnceWhenEveryThreadIsBusyAndTheQueueIsFull) {
  Gate gate;
  std::promise<void> queued_ran;
  {
    BoundedPool pool("test", 1, 1);
    ASSERT_TRUE(pool.try_submit([&] { gate.pass(); }));
    gate.wait_started(1);
    ASSERT_TRUE(pool.try_submit([&] { queued_ran.set_value(); }));
    bool refused_ran = false;
    EXPECT_FALSE(pool.try_submit([&] { refused_ran = true; }));
    gate.release();
    queued_ran.get_future().wait();  // the queued job runs once the thread is free
    EXPECT_TRUE(pool.try_submit([] {}));
    EXPECT_FALSE(refused_ran);
  }
}

TEST(BoundedPool, AJobThatThrowsDoesNotStopTheThread) {
  BoundedPool pool("test", 1, 4);
  std::promise<void> after;
  ASSERT_TRUE(pool.try_submit([] { throw std::runtime_error("boom"); }));
  ASSERT_TRUE(pool.try_submit([&] { after.set_value(); }));
  after.get_future().wait();
}

TEST(BoundedPool, WithoutAQueueTakesOneJobPerIdleThread) {
  Gate gate;
  BoundedPool pool("test", 2, 0);
  ASSERT_TRUE(pool.try_submit([&] { gate.pass(); }));
  gate.wait_started(1);
  ASSERT_TRUE(pool.try_submit([&] { gate.pass(); }));
  gate.wait_started(2);
  EXPECT_FALSE(pool.try_submit([] {}));
  gate.release();
}

}  // namespace
}  // namespace herald
