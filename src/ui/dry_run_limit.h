#pragma once
// The dry-run pages' "latest orders" field: 1-1000, 100 when empty (the API's dry-run limit).
#include <optional>
#include <string>

namespace herald::ui {

inline std::optional<int> parse_limit(const std::string& text) {
  if (text.empty()) return 100;
  try {
    size_t used = 0;
    const int n = std::stoi(text, &used);
    if (used == text.size() && n >= 1 && n <= 1000) return n;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

}  // namespace herald::ui
