#pragma once
// ASCII case folding for protocol text (addresses, header names, SMTP replies, codes): bytes
// outside A-Z are left alone, so UTF-8 passes through unchanged.
#include <string>
#include <string_view>

namespace herald {

// Character classes of the "C" locale, inline: the <cctype> calls are not, and bounce parsing
// asks them for every byte of a report.
constexpr bool ascii_is_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool ascii_is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool ascii_is_alnum(char c) {
  return ascii_is_alpha(c) || ascii_is_digit(c);
}

constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

}  // namespace herald
