#pragma once
// Numeric object ids in page paths (order statuses, campaigns): anything else is not found.
#include <cstdint>
#include <string>

#include "common/error.h"
#include "http/message.h"

namespace herald::ui {

inline std::int64_t object_id(const http::Request& req, const std::string& what) {
  const auto& text = req.param("id");
  try {
    size_t used = 0;
    auto id = std::stoll(text, &used);
    if (used == text.size() && id > 0) return id;
  } catch (const std::exception&) {
  }
  throw not_found(what + " '" + text + "'");
}

}  // namespace herald::ui
