#pragma once
// The one way Herald reads JSON it did not build itself: request and callback bodies, and
// JSON kept in the database (possibly by an older version without this limit). Everything
// after parsing (copies, dumps, merges, rendering, filters) recurses once per level, so a
// document nested deeper than kMaxJsonDepth is refused here instead of overflowing a stack.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace herald {

// Real order events nest fewer than 10 levels; 64 leaves room and keeps recursion shallow.
inline constexpr int kMaxJsonDepth = 64;

struct JsonReadOptions {
  bool ignore_comments = false;
};

// Parses text. Throws bad_request naming `field` when it is not JSON, and naming the top-level
// member that is too deep (or `field` when the document itself is) when it nests deeper than
// kMaxJsonDepth.
nlohmann::json read_json(std::string_view text, const std::string& field = "body",
                         JsonReadOptions options = {});

// As read_json, but answers a discarded value (is_discarded()) instead of throwing.
nlohmann::json read_json_or_discarded(std::string_view text, JsonReadOptions options = {});

}  // namespace herald
