#pragma once
// Every role of one storage backend, as opened together by open_storage(url). A backend may
// serve several roles from one object; callers take the role they need from here, never by
// casting one interface to another.
#include <memory>

#include "store/cluster.h"
#include "store/oms_order_storage.h"
#include "store/order_storage.h"
#include "store/stock_storage.h"
#include "store/storage.h"
#include "store/ui_storage.h"

namespace herald::store {

class Storages {
 public:
  // `owner` keeps alive whatever the roles live in.
  Storages(std::shared_ptr<void> owner, Storage& storage, OrderStorage& orders, UiStorage& ui,
           Cluster& cluster, OmsOrderStorage& oms_orders, StockStorage& stock)
      : owner_(std::move(owner)),
        storage_(&storage),
        orders_(&orders),
        ui_(&ui),
        cluster_(&cluster),
        oms_orders_(&oms_orders),
        stock_(&stock) {}

  Storage& storage() const { return *storage_; }
  OrderStorage& orders() const { return *orders_; }
  UiStorage& ui() const { return *ui_; }
  Cluster& cluster() const { return *cluster_; }
  OmsOrderStorage& oms_orders() const { return *oms_orders_; }
  StockStorage& stock() const { return *stock_; }

 private:
  std::shared_ptr<void> owner_;
  Storage* storage_;
  OrderStorage* orders_;
  UiStorage* ui_;
  Cluster* cluster_;
  OmsOrderStorage* oms_orders_;
  StockStorage* stock_;
};

}  // namespace herald::store
