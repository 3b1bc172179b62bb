#pragma once
// ASCII case folding for protocol text (addresses, header names, SMTP replies, codes): bytes
// outside A-Z are left alone, so UTF-8 passes through unchanged.
#include <string>
#include <string_view>

namespace herald {

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace herald
