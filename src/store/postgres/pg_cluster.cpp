#include "store/postgres/pg_cluster.h"

#include <fcntl.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "common/error.h"
#include "store/postgres/pg_lock_classes.h"

namespace herald::store::postgres {

namespace {
constexpr const char* kWakeChannel = "herald_work";
}  // namespace

PgCluster::PgCluster(std::string url) : url_(std::move(url)) {
  if (pipe2(poke_, O_NONBLOCK | O_CLOEXEC) != 0)
    throw internal_error("cannot create the cluster's wake-up pipe");
}

PgCluster::~PgCluster() {
  stop();
  close(poke_[0]);
  close(poke_[1]);
}

Conn& PgCluster::locks() {
  if (!locks_ || !locks_->usable()) {
    // A lost connection took its locks with it.
    held_.clear();
    running_.clear();
    locks_.reset();
    locks_ = std::make_unique<Conn>(url_);
  }
  return *locks_;
}

bool PgCluster::hold(const std::string& job) {
  std::lock_guard lock(locks_mutex_);
  if (stopping_) return false;
  try {
    if (held_.count(job)) {
      locks().exec("SELECT 1");  // still connected, so still holding it
      if (held_.count(job)) return true;
    }
    auto r = locks().exec("SELECT pg_try_advisory_lock($1::int, hashtext($2))", kJobLockClass, job);
    if (r.text(0, 0) != "t") return false;
    held_.insert(job);
    spdlog::info("cluster: this node now runs {}", job);
    return true;
  } catch (const std::exception& e) {
    if (!held_.empty())
      spdlog::warn("cluster: lost the database, and with it {} job(s): {}", held_.size(), e.what());
    held_.clear();
    locks_.reset();
    return false;
  }
}

bool PgCluster::try_start(const std::string& task) {
  std::lock_guard lock(locks_mutex_);
  if (stopping_) return false;
  // A session takes its own advisory lock again: a task running on this node is refused here.
  if (running_.count(task)) return false;
  try {
    auto r =
        locks().exec("SELECT pg_try_advisory_lock($1::int, hashtext($2))", kTaskLockClass, task);
    if (r.text(0, 0) != "t") return false;
    running_.insert(task);
    return true;
  } catch (const std::exception& e) {
    held_.clear();
    running_.clear();
    locks_.reset();
    throw Error(ErrorCode::unavailable, "the database did not answer", {},
                std::string("cluster: cannot start ") + task + ": " + e.what());
  }
}

void PgCluster::finish(const std::string& task) {
  std::lock_guard lock(locks_mutex_);
  if (!running_.erase(task)) return;  // its connection was lost, and the lock with it
  try {
    if (locks_ && locks_->usable())
      locks_->exec("SELECT pg_advisory_unlock($1::int, hashtext($2))", kTaskLockClass, task);
  } catch (const std::exception& e) {
    spdlog::warn("cluster: could not free {} (the database frees it with the connection): {}", task,
                 e.what());
  }
}

void PgCluster::announce() {
  if (!pending_.exchange(true)) poke();
}

void PgCluster::poke() {
  const char byte = 1;
  [[maybe_unused]] auto n = write(poke_[1], &byte, 1);  // a full pipe is already a poke
}

void PgCluster::listen(std::function<void()> on_wake) {
  if (thread_.joinable()) return;
  on_wake_ = std::move(on_wake);
  thread_ = std::thread([this] { run(); });
}

void PgCluster::stop() {
  std::lock_guard lock(locks_mutex_);
  stopping_ = true;
  poke();
  if (thread_.joinable()) thread_.join();
  // Frees the jobs for the other nodes now: a closed connection frees them too, but only once
  // its server process has ended, a moment later.
  try {
    if (locks_ && locks_->usable()) locks_->exec("SELECT pg_advisory_unlock_all()");
  } catch (const std::exception&) {
  }
  locks_.reset();
  held_.clear();
  running_.clear();
}

bool PgCluster::wait_for(int socket, int ms) {
  pollfd fds[2] = {{poke_[0], POLLIN, 0}, {socket, POLLIN, 0}};
  poll(fds, socket < 0 ? 1 : 2, ms);
  char drain[64];
  while (read(poke_[0], drain, sizeof drain) > 0) {
  }
  return !stopping_;
}

void PgCluster::listen_on(Conn& conn) {
  conn.exec_script(std::string("LISTEN ") + kWakeChannel);
  while (!stopping_) {
    if (pending_.exchange(false)) conn.exec_script(std::string("NOTIFY ") + kWakeChannel);
    if (!wait_for(conn.socket(), 1000)) return;
    if (conn.take_notifications() > 0 && on_wake_) on_wake_();
  }
}

void PgCluster::run() {
  bool lost = false;
  while (!stopping_) {
    try {
      Conn conn(url_);
      if (lost) spdlog::info("cluster: listening for other nodes' work again");
      lost = false;
      // Work committed while this node was not listening is found by the workers' polls.
      listen_on(conn);
    } catch (const std::exception& e) {
      if (!lost) spdlog::warn("cluster: not listening for other nodes' work: {}", e.what());
      lost = true;
      wait_for(-1, 1000);
    }
  }
}

}  // namespace herald::store::postgres
