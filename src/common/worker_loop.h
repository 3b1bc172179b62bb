#pragma once
// The one background loop of the server: threads that each run a pass of work, wait as long as
// the pass asks (or until woken), and stop promptly. The delivery workers, the campaign worker
// and the daily purge all run on it.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.h"

namespace herald {

class WorkerLoop {
 public:
  // One pass of work; returns how long to wait before the next pass (0: at once).
  using Pass = std::function<TimeMs()>;

  explicit WorkerLoop(std::string name) : name_(std::move(name)) {}
  ~WorkerLoop();
  WorkerLoop(const WorkerLoop&) = delete;
  WorkerLoop& operator=(const WorkerLoop&) = delete;

  // Adds a thread, before start(). `make_pass` runs on that thread (so what the pass owns, a
  // transport say, lives there) and returns the pass; the first pass runs after
  // `first_wait_ms`. A pass that throws is logged and run again after a second.
  void add(std::function<Pass()> make_pass, TimeMs first_wait_ms = 0);
  void start();
  void stop();  // wakes every thread and waits for it; safe to call twice
  // Threads that are waiting, or finishing a pass, run their next pass at once.
  void wake();

 private:
  struct Thread {
    std::function<Pass()> make_pass;
    TimeMs first_wait_ms = 0;
  };
  void run(const Thread& t, std::uint64_t seen);
  // Waits up to `ms` unless woken after `seen`; false when stopping.
  bool wait(TimeMs ms, std::uint64_t seen);

  std::string name_;
  std::vector<Thread> planned_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::uint64_t generation_ = 0;
  bool stopping_ = false;
};

}  // namespace herald
