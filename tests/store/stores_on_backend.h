#pragma once
// The conformance suites' common start: a fresh database of the backend under test, its
// storage roles, and two stores "a" and "b" (to show that reads stay within one).
#include <gtest/gtest.h>

#include "orders/order_status_service.h"
#include "store/backends.h"
#include "store/open_storage.h"
#include "store/order_storage.h"
#include "store/storage.h"

namespace herald::testing {

struct StoresOnBackend : ::testing::TestWithParam<Backend> {
  BackendDatabase database{GetParam()};
  store::Storages opened = store::open_storage(database.url());
  store::Storage* db = &opened.storage();
  store::OrderStorage& orders = opened.orders();
  orders::OrderStatusService order_statuses{orders};
  store::StoreRecord a = db->create_store("a", "hash-a", "", {}, 1);
  store::StoreRecord b = db->create_store("b", "hash-b", "", {}, 1);
};

}  // namespace herald::testing
