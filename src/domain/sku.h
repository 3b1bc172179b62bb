#pragma once
// What a SKU code may be: the storefront names them, the OMS is asked about them in
// comma-separated lists (`sku_code=A,B`), so a code cannot hold a comma.
#include <cstddef>
#include <string>

namespace herald::domain {

constexpr std::size_t kMaxSkuBytes = 128;
constexpr std::size_t kMaxCatalogSkus = 50000;  // the storefront's list; a 1 MiB body holds it

// Empty when `sku` is a valid code, else what is wrong with it, in words.
std::string sku_problem(const std::string& sku);

}  // namespace herald::domain
