#pragma once
// A small pool of connections to one database. A connection is opened when no idle one is
// left (up to `size`; beyond that a caller waits for one), and one the server dropped is
// discarded instead of returned, so the pool reconnects by itself when the database returns.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/postgres/pg_conn.h"

namespace herald::store::postgres {

class Pool {
 public:
  // `session_sql` runs on every new connection (session settings).
  Pool(std::string url, int size, std::string session_sql = {});

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Conn> conn) : pool_(&pool), conn_(std::move(conn)) {}
    Lease(Lease&&) = default;
    ~Lease();
    Conn& operator*() const { return *conn_; }
    Conn* operator->() const { return conn_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Conn> conn_;
  };

  Lease acquire();
  const std::string& url() const { return url_; }

  // Runs fn(conn) on a pooled connection.
  template <typename Fn>
  auto with(Fn&& fn) {
    auto lease = acquire();
    return fn(*lease);
  }

 private:
  void give_back(std::unique_ptr<Conn> conn);

  std::string url_;
  int size_;
  std::string session_sql_;
  std::mutex mutex_;
  std::condition_variable freed_;
  int open_ = 0;  // connections handed out or idle
  std::vector<std::unique_ptr<Conn>> idle_;
};

}  // namespace herald::store::postgres
