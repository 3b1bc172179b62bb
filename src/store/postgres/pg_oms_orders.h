#pragma once
// PostgreSQL implementation of OmsOrderStorage, on the backend's pool. Claims lock the rows
// they lease (FOR UPDATE SKIP LOCKED): nodes claiming together take different rows.
#include <memory>

#include "store/oms_order_storage.h"
#include "store/postgres/pg_pool.h"

namespace herald::store::postgres {

class PgOmsOrders final : public OmsOrderStorage {
 public:
  explicit PgOmsOrders(std::shared_ptr<Pool> pool) : pool_(std::move(pool)) {}

  OmsOrderInsert insert_oms_order(const OmsOrderRow& row) override;
  std::optional<OmsOrderRow> get_oms_order(StoreId store, const std::string& order_id) override;
  std::vector<OmsOrderRow> list_oms_orders(StoreId store, const std::string& state, int limit,
                                           std::optional<OmsOrderCursor> after) override;
  std::map<std::string, std::int64_t> count_oms_orders(StoreId store) override;
  std::vector<OmsOrderRow> claim_due_oms_orders(const std::string& state, TimeMs now, int limit,
                                                TimeMs lease_until) override;
  bool record_oms_order(const OmsOrderRow& row, std::int64_t expected_version) override;

 private:
  std::shared_ptr<Pool> pool_;
};

}  // namespace herald::store::postgres
