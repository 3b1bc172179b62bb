#pragma once
// What the nodes sharing one database coordinate through it: which node runs the work that must
// run once for the whole cluster (delayed campaign sends, the daily purge), which runs a task
// that must not overlap itself (a store's inventory sync), and wake-ups when a
// node commits work that the others could take. A database one node uses alone (SQLite) has a
// trivial one: that node holds everything and has no one to wake.
#include <functional>
#include <mutex>
#include <set>
#include <string>

namespace herald::store {

class Cluster {
 public:
  virtual ~Cluster() = default;

  // True while this node holds `job`, taking it when no running node does. A node that stops,
  // dies or loses its connection to the database loses what it held; another node takes it on
  // its next try. Never throws: a database that does not answer means "not held".
  virtual bool hold(const std::string& job) = 0;
  // Work that runs on one node at a time and then ends (a store's inventory sync): true when
  // this node starts `task` now, false while it runs, here or on another node, until its
  // finish(). A node that dies or loses the database frees what it ran. Throws Error
  // (unavailable) when the database does not answer.
  virtual bool try_start(const std::string& task) = 0;
  virtual void finish(const std::string& task) = 0;
  // Tells the other nodes that new work was committed. Returns at once: the signal leaves from
  // another thread, and announces made close together leave as one.
  virtual void announce() = 0;
  // From now until stop(), calls `on_wake` (on a thread of its own) when another node announces.
  virtual void listen(std::function<void()> on_wake) = 0;
  virtual void stop() = 0;
};

// The cluster of one node.
class SoloCluster final : public Cluster {
 public:
  bool hold(const std::string&) override { return true; }
  bool try_start(const std::string& task) override {
    std::lock_guard lock(mutex_);
    return running_.insert(task).second;
  }
  void finish(const std::string& task) override {
    std::lock_guard lock(mutex_);
    running_.erase(task);
  }
  void announce() override {}
  void listen(std::function<void()>) override {}
  void stop() override {}

 private:
  std::mutex mutex_;
  std::set<std::string> running_;
};

}  // namespace herald::store
