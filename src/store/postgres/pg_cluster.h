#pragma once
// The nodes sharing one PostgreSQL database. A once-per-cluster job is a session-level advisory
// lock held on a connection of its own: the server frees it when the node's connection ends, so
// a node that dies hands its jobs on without waiting for any lease. A running task is such a
// lock too, in a class of its own, unlocked when the task finishes. Wake-ups are NOTIFY on a
// second connection that also LISTENs: sent from its thread, never inside an ingest transaction
// (a NOTIFY serialises the commits of the transactions that send one).
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "store/cluster.h"
#include "store/postgres/pg_conn.h"

namespace herald::store::postgres {

class PgCluster final : public Cluster {
 public:
  explicit PgCluster(std::string url);
  ~PgCluster() override;

  bool hold(const std::string& job) override;
  bool try_start(const std::string& task) override;
  void finish(const std::string& task) override;
  void announce() override;
  void listen(std::function<void()> on_wake) override;
  void stop() override;

 private:
  void run();                         // the listening thread
  void listen_on(Conn& conn);         // until stop() or the connection is lost
  bool wait_for(int socket, int ms);  // until readable, poked or `ms`; false when stopping
  void poke();
  Conn& locks();  // the connection of the locks, opened again when it was lost

  std::string url_;
  std::mutex locks_mutex_;
  std::unique_ptr<Conn> locks_;  // holds the advisory locks of held jobs and running tasks
  std::set<std::string> held_;
  std::set<std::string> running_;
  std::function<void()> on_wake_;
  std::atomic<bool> pending_{false};
  std::atomic<bool> stopping_{false};
  int poke_[2] = {-1, -1};  // a pipe: wakes the listening thread (an announce, stop)
  std::thread thread_;
};

}  // namespace herald::store::postgres
