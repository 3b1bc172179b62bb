#include "domain/sku.h"

namespace herald::domain {

std::string sku_problem(const std::string& sku) {
  if (sku.empty()) return "must not be empty";
  if (sku.size() > kMaxSkuBytes) return "is longer than " + std::to_string(kMaxSkuBytes) + " bytes";
  if (sku.front() == ' ' || sku.back() == ' ') return "must not start or end with a space";
  for (unsigned char c : sku) {
    if (c < 0x20 || c == 0x7f) return "must not hold control characters";
    if (c == ',') return "must not hold a comma";
  }
  return "";
}

}  // namespace herald::domain
