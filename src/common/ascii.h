#pragma once
// ASCII case folding for protocol text (addresses, header names, SMTP replies, codes): bytes
// outside A-Z are left alone, so UTF-8 passes through unchanged.
#include <cstdint>
#include <cstring>
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

// Eight bytes at a time: bounce parsing lowers whole reports, and a byte loop was a twentieth
// of its instructions. In each byte of a word, 0x80 marks A-Z (a byte with its top bit set is
// never one) and shifted right by two it is the 0x20 that makes the letter small.
inline void ascii_lower_in_place(char* p, std::size_t n) {
  constexpr std::uint64_t ones = 0x0101010101010101u, top = 0x8080808080808080u;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t w;
    std::memcpy(&w, p + i, 8);
    const std::uint64_t low7 = w & ~top;
    const std::uint64_t from_a = low7 + ones * (0x80 - 'A');      // top set: >= 'A'
    const std::uint64_t past_z = low7 + ones * (0x80 - 'Z' - 1);  // top set: > 'Z'
    const std::uint64_t upper = from_a & ~past_z & ~w & top;
    w |= upper >> 2;
    std::memcpy(p + i, &w, 8);
  }
  for (; i < n; ++i) p[i] = ascii_lower(p[i]);
}

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  ascii_lower_in_place(out.data(), out.size());
  return out;
}

}  // namespace herald
