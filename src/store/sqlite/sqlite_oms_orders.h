#pragma once
// SQLite implementation of OmsOrderStorage: its own connection to the database file that
// SqliteStorage serves (pushed orders are a light load; the connection waits for the writer).
#include <memory>
#include <mutex>

#include "store/oms_order_storage.h"
#include "store/sqlite/sqlite_db.h"

namespace herald::store::sqlite {

class SqliteOmsOrders final : public OmsOrderStorage {
 public:
  explicit SqliteOmsOrders(const std::string& path);

  OmsOrderInsert insert_oms_order(const OmsOrderRow& row) override;
  std::optional<OmsOrderRow> get_oms_order(StoreId store, const std::string& order_id) override;
  std::vector<OmsOrderRow> list_oms_orders(StoreId store, const std::string& state, int limit,
                                           std::optional<OmsOrderCursor> after) override;
  std::map<std::string, std::int64_t> count_oms_orders(StoreId store) override;
  std::vector<OmsOrderRow> claim_due_oms_orders(const std::string& state, TimeMs now, int limit,
                                                TimeMs lease_until) override;
  bool record_oms_order(const OmsOrderRow& row, std::int64_t expected_version) override;

 private:
  template <typename Fn>
  auto with_db(Fn&& fn) {
    std::lock_guard lock(mutex_);
    return fn(*db_);
  }
  std::mutex mutex_;
  std::unique_ptr<Db> db_;
};

}  // namespace herald::store::sqlite
