#pragma once
// bytea values as libpq's text parameters and results carry them: "\x" and two hex digits a
// byte (bytea_output = hex, PostgreSQL's default). A parameter so written may hold any byte,
// NUL too, which a text parameter cannot.
#include <string>
#include <string_view>

#include "common/hex.h"

namespace herald::store::postgres {

inline std::string bytea_param(std::string_view bytes) {
  return "\\x" + hex_of(bytes);
}

inline std::string bytea_value(std::string_view hex) {
  std::string out;
  if (hex.size() < 2 || !bytes_of_hex(hex.substr(2), out)) out.clear();
  return out;
}

}  // namespace herald::store::postgres
