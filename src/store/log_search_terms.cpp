#include "store/log_search_terms.h"

#include <cctype>

namespace herald::store {

std::vector<std::string> subject_search_words(const std::string& text) {
  constexpr int kMaxChars = 6;
  std::vector<std::string> out;
  std::string word;
  int chars = 0;
  bool skipping = false;
  auto flush = [&] {
    if (!word.empty()) out.push_back(std::move(word));
    word.clear();
    chars = 0;
    skipping = false;
  };
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) {
      if ((u & 0xC0) != 0x80) {  // the first byte of a character
        skipping = chars == kMaxChars;
        if (!skipping) ++chars;
      }
      if (!skipping) word += c;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

bool is_whole_address(const std::string& from) {
  const auto at = from.find('@');
  return at != std::string::npos && at > 0 && from.find('.', at) != std::string::npos &&
         from.back() != '.' && from.find_first_of(" <>%_") == std::string::npos;
}

}  // namespace herald::store
