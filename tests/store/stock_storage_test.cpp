#include "store/stock_storage.h"

#include <gtest/gtest.h>

#include "store/stores_on_backend.h"

namespace herald::store {
namespace {

struct StockStorageTest : testing::StoresOnBackend {
  StockStorage& stock = opened.stock();
};

using Skus = std::vector<std::string>;

TEST_P(StockStorageTest, TheSkuListIsReplacedWholeAndKeptPerStore) {
  EXPECT_EQ(stock.catalog_skus(a.id), Skus{});
  stock.put_catalog_skus(a.id, {"TS-M", "TS-S", "TS-L"});
  stock.put_catalog_skus(b.id, {"B-1"});
  EXPECT_EQ(stock.catalog_skus(a.id), (Skus{"TS-L", "TS-M", "TS-S"}));
  stock.put_catalog_skus(a.id, {"TS-S", "TS-XL"});
  EXPECT_EQ(stock.catalog_skus(a.id), (Skus{"TS-S", "TS-XL"}));
  EXPECT_EQ(stock.catalog_skus(b.id), Skus{"B-1"});
  EXPECT_EQ(stock.sold_skus(a.id, {"TS-M", "TS-XL", "B-1", "TS-S"}), (Skus{"TS-S", "TS-XL"}));
  stock.put_catalog_skus(a.id, {});
  EXPECT_EQ(stock.catalog_skus(a.id), Skus{});
}

TEST_P(StockStorageTest, ALongSkuListIsStoredAndMatchedWhole) {
  Skus skus;
  for (int i = 0; i < 2500; ++i) skus.push_back("SKU-" + std::to_string(10000 + i));
  stock.put_catalog_skus(a.id, skus);
  EXPECT_EQ(stock.catalog_skus(a.id).size(), 2500u);
  Skus asked = skus;
  asked.push_back("NOT-SOLD");
  EXPECT_EQ(stock.sold_skus(a.id, asked).size(), 2500u);
}

TEST_P(StockStorageTest, ASyncWritesStockUnmappedAndTheCursorTogether) {
  EXPECT_FALSE(stock.stock_sync_state(a.id));
  stock.put_catalog_skus(a.id, {"TS-S", "TS-M"});
  StockSync s;
  s.store_id = a.id;
  s.stock = {{"TS-S", 3, 5, 1000}, {"TS-M", 0, 1, 1000}};
  s.unmapped = {{"TS-XL", 7, 1000}, {"TS-XS", 0, 1000}};
  s.cursor = 900;
  s.result_json = R"({"changed":4})";
  s.now = 1000;
  stock.record_stock_sync(s);

  auto rows = stock.stock(a.id, {"TS-S", "TS-M", "TS-L"});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].sku, "TS-M");
  EXPECT_EQ(rows[1].sku, "TS-S");
  EXPECT_EQ(rows[1].quantity, 3);
  EXPECT_EQ(rows[1].oms_quantity, 5);
  EXPECT_EQ(rows[1].synced_at, 1000);
  EXPECT_TRUE(stock.stock(b.id, {"TS-S"}).empty());

  auto unmapped = stock.unmapped_skus(a.id);
  ASSERT_EQ(unmapped.size(), 1u);  // no stock: not listed
  EXPECT_EQ(unmapped[0].sku, "TS-XL");
  EXPECT_EQ(unmapped[0].quantity, 7);
  EXPECT_TRUE(stock.unmapped_skus(b.id).empty());

  auto state = stock.stock_sync_state(a.id);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->cursor, 900);
  EXPECT_EQ(state->synced_at, 1000);
  EXPECT_EQ(state->result_json, R"({"changed":4})");
  EXPECT_FALSE(stock.stock_sync_state(b.id));

  // The next sync: TS-S changes, TS-XL runs out, and the storefront starts selling TS-XXL.
  s.stock = {{"TS-S", 1, 3, 2000}};
  s.unmapped = {{"TS-XL", 0, 2000}, {"TS-XXL", 2, 2000}};
  s.cursor = 1900;
  s.now = 2000;
  stock.record_stock_sync(s);
  EXPECT_EQ(stock.stock(a.id, {"TS-S"})[0].quantity, 1);
  EXPECT_EQ(stock.stock(a.id, {"TS-M"})[0].synced_at, 1000);
  ASSERT_EQ(stock.unmapped_skus(a.id).size(), 1u);
  EXPECT_EQ(stock.unmapped_skus(a.id)[0].sku, "TS-XXL");
  stock.put_catalog_skus(a.id, {"TS-S", "TS-M", "TS-XXL"});
  EXPECT_TRUE(stock.unmapped_skus(a.id).empty());  // sold now: no longer unmapped
  EXPECT_EQ(stock.stock_sync_state(a.id)->cursor, 1900);

  // A sync that started earlier and ends later does not move the cursor back.
  s.stock.clear();
  s.unmapped.clear();
  s.cursor = 1500;
  s.now = 2100;
  stock.record_stock_sync(s);
  EXPECT_EQ(stock.stock_sync_state(a.id)->cursor, 1900);
  EXPECT_EQ(stock.stock_sync_state(a.id)->synced_at, 2100);
}

TEST_P(StockStorageTest, SkusWithoutAStockRowAreTheUnsyncedOnes) {
  stock.put_catalog_skus(a.id, {"TS-S", "TS-M", "TS-L"});
  stock.put_catalog_skus(b.id, {"B-1"});
  EXPECT_EQ(stock.unsynced_skus(a.id), (Skus{"TS-L", "TS-M", "TS-S"}));
  StockSync s;
  s.store_id = a.id;
  s.stock = {{"TS-M", 0, 0, 1000}, {"NOT-SOLD", 1, 1, 1000}};
  s.cursor = 900;
  s.now = 1000;
  stock.record_stock_sync(s);
  EXPECT_EQ(stock.unsynced_skus(a.id), (Skus{"TS-L", "TS-S"}));  // a row of 0 is synced
  EXPECT_EQ(stock.unsynced_skus(b.id), Skus{"B-1"});
  stock.put_catalog_skus(a.id, {"TS-M", "TS-XL"});
  EXPECT_EQ(stock.unsynced_skus(a.id), Skus{"TS-XL"});
}

HERALD_ON_EVERY_BACKEND(StockStorageTest);

}  // namespace
}  // namespace herald::store
