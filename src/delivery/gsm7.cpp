#include "delivery/gsm7.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

namespace herald::delivery {

namespace {

// The non-ASCII characters of the default alphabet, plus the euro sign from the extension
// table. Sorted for binary search.
constexpr std::array<char32_t, 40> kNonAscii{
    0x00A1, 0x00A3, 0x00A4, 0x00A5, 0x00A7, 0x00BF, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C9, 0x00D1, 0x00D6, 0x00D8, 0x00DC, 0x00DF, 0x00E0, 0x00E4, 0x00E5, 0x00E6,
    0x00E8, 0x00E9, 0x00EC, 0x00F1, 0x00F2, 0x00F6, 0x00F8, 0x00F9, 0x00FC, 0x0393,
    0x0394, 0x0398, 0x039B, 0x039E, 0x03A0, 0x03A3, 0x03A6, 0x03A8, 0x03A9, 0x20AC,
};

bool in_alphabet(char32_t c) {
  if (c == '\n' || c == '\r' || c == '\f') return true;
  if (c < 0x80) return c >= 0x20 && c < 0x7F && c != '`';
  return std::binary_search(kNonAscii.begin(), kNonAscii.end(), c);
}

// Decodes one UTF-8 sequence at s[i], advancing i; nullopt when malformed.
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i++]);
  if (lead < 0x80) return lead;
  int extra = 0;
  char32_t cp = 0;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1;
    cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2;
    cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3;
    cp = lead & 0x07;
  } else {
    return std::nullopt;
  }
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size()) return std::nullopt;
    const auto cont = static_cast<unsigned char>(s[i++]);
    if ((cont & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (cont & 0x3F);
  }
  return cp;
}

}  // namespace

bool is_gsm7(std::string_view utf8) {
  for (std::size_t i = 0; i < utf8.size();) {
    const auto cp = next_code_point(utf8, i);
    if (!cp || !in_alphabet(*cp)) return false;
  }
  return true;
}

}  // namespace herald::delivery
