#include "common/worker_loop.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace herald {
namespace {

constexpr TimeMs kHour = 3600 * 1000;

// Counts passes; a test waits on it for a number of passes (no sleeping, no timing).
struct Passes {
  std::mutex m;
  std::condition_variable cv;
  int n = 0;
  void bump() {
    {
      std::lock_guard lock(m);
      ++n;
    }
    cv.notify_all();
  }
  void await(int at_least) {
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return n >= at_least; });
  }
  int count() {
    std::lock_guard lock(m);
    return n;
  }
};

TEST(WorkerLoop, WakeRunsTheNextPassBeforeALongWaitEnds) {
  Passes passes;
  WorkerLoop loop("test");
  loop.add([&] {
    return [&]() -> TimeMs {
      passes.bump();
      return kHour;
    };
  });
  loop.start();
  passes.await(1);
  loop.wake();
  passes.await(2);  // would block for an hour without the wake
  loop.stop();
  EXPECT_EQ(passes.count(), 2);
}

TEST(WorkerLoop, StopEndsALongWaitAndASecondStopIsHarmless) {
  Passes passes;
  WorkerLoop loop("test");
  loop.add([&] {
    return [&]() -> TimeMs {
      passes.bump();
      return kHour;
    };
  });
  loop.start();
  passes.await(1);
  loop.stop();
  loop.stop();
  EXPECT_EQ(passes.count(), 1);
}

TEST(WorkerLoop, APassThatAsksForNoWaitRunsAgainAtOnce) {
  Passes passes;
  WorkerLoop loop("test");
  loop.add([&] {
    return [&]() -> TimeMs {
      passes.bump();
      return passes.count() < 5 ? 0 : kHour;
    };
  });
  loop.start();
  passes.await(5);
  loop.stop();
  EXPECT_EQ(passes.count(), 5);
}

TEST(WorkerLoop, EachThreadMakesItsPassOnItsOwnThread) {
  std::promise<std::thread::id> made_on;
  Passes passes;
  WorkerLoop loop("test");
  loop.add([&] {
    made_on.set_value(std::this_thread::get_id());
    return [&]() -> TimeMs {
      passes.bump();
      return kHour;
    };
  });
  loop.start();
  passes.await(1);
  loop.stop();
  EXPECT_NE(made_on.get_future().get(), std::this_thread::get_id());
}

TEST(WorkerLoop, TheFirstPassWaitsForTheFirstWaitOrAWake) {
  Passes passes;
  std::atomic<bool> made{false};
  WorkerLoop loop("test");
  loop.add(
      [&] {
        made = true;
        return [&]() -> TimeMs {
          passes.bump();
          return kHour;
        };
      },
      kHour);
  loop.start();
  EXPECT_EQ(passes.count(), 0);
  loop.wake();
  passes.await(1);
  loop.stop();
  EXPECT_TRUE(made);
}

TEST(WorkerLoop, APassThatThrowsIsRunAgain) {
  Passes passes;
  WorkerLoop loop("test");
  loop.add([&] {
    return [&]() -> TimeMs {
      passes.bump();
      if (passes.count() == 1) throw std::runtime_error("first pass fails");
      return kHour;
    };
  });
  loop.start();
  passes.await(2);  // the retry after an error comes without a wake
  loop.stop();
  EXPECT_EQ(passes.count(), 2);
}

}  // namespace
}  // namespace herald
