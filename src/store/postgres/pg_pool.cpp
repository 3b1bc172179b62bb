#include "store/postgres/pg_pool.h"

namespace herald::store::postgres {

Pool::Pool(std::string url, int size, std::string session_sql)
    : url_(std::move(url)), size_(size < 1 ? 1 : size), session_sql_(std::move(session_sql)) {}

Pool::Lease::~Lease() {
  if (conn_) pool_->give_back(std::move(conn_));
}

Pool::Lease Pool::acquire() {
  {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
      auto conn = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(conn));
    }
    ++open_;
  }
  try {
    auto conn = std::make_unique<Conn>(url_);
    if (!session_sql_.empty()) conn->exec_script(session_sql_);
    return Lease(*this, std::move(conn));
  } catch (...) {
    std::lock_guard lock(mutex_);
    --open_;
    freed_.notify_one();
    throw;
  }
}

void Pool::give_back(std::unique_ptr<Conn> conn) {
  std::lock_guard lock(mutex_);
  if (conn->usable())
    idle_.push_back(std::move(conn));
  else
    --open_;
  freed_.notify_one();
}

}  // namespace herald::store::postgres
