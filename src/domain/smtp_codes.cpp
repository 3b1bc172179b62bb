#include "domain/smtp_codes.h"

#include <algorithm>
#include <cctype>

namespace herald::domain {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// Reads "d.ddd.ddd" at pos; returns its length, or 0.
std::size_t status_length(std::string_view s, std::size_t pos) {
  std::size_t i = pos + 1;
  for (int part = 0; part < 2; ++part) {
    if (i >= s.size() || s[i] != '.') return 0;
    const std::size_t start = ++i;
    while (i < s.size() && is_digit(s[i]) && i - start < 4) ++i;
    if (i == start || i - start > 3) return 0;
    // RFC 3463 and the RFC 5248 registry define the subjects 0 to 7: "[#4.16.1]" is a
    // provider's own reference.
    if (part == 0 && (i - start > 1 || s[start] > '7')) return 0;
  }
  // "10.5.1.1" or "4.16.55.1" are not status codes.
  if (i < s.size() && (is_alnum(s[i]) || (s[i] == '.' && i + 1 < s.size() && is_digit(s[i + 1]))))
    return 0;
  return i - pos;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool starts_with_reply_code(std::string_view line) {
  return line.size() >= 3 && is_digit(line[0]) && is_digit(line[1]) && is_digit(line[2]) &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '-');
}

}  // namespace

std::string find_enhanced_code(std::string_view text, int code) {
  const char wanted = code >= 100 && code < 1000 ? static_cast<char>('0' + code / 100) : 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '2' && c != '4' && c != '5') continue;
    if (i > 0 && (is_alnum(text[i - 1]) || text[i - 1] == '.')) continue;
    const std::size_t len = status_length(text, i);
    if (len == 0) continue;
    if (wanted == 0 || c == wanted) return std::string(text.substr(i, len));
    i += len - 1;
  }
  return {};
}

std::string default_enhanced_code(int code) {
  switch (code) {
    case 421:
      return "4.3.2";
    case 450:
      return "4.2.0";
    case 451:
      return "4.3.0";
    case 452:
      return "4.3.1";
    case 500:
    case 502:
    case 503:
      return "5.5.1";
    case 501:
    case 504:
    case 555:
      return "5.5.4";
    case 521:
    case 556:
      return "5.3.2";
    case 530:
      return "5.7.0";
    case 534:
      return "5.7.9";
    case 535:
      return "5.7.8";
    case 551:
      return "5.1.6";
    case 552:
      return "5.2.2";
    case 553:
      return "5.1.3";
    default:
      break;
  }
  if (code >= 200 && code < 600 && code / 100 != 3) return std::to_string(code / 100) + ".0.0";
  return {};
}

std::string reply_detail(std::string_view text) {
  std::string out;
  std::string first_status;
  std::size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    if (first) {
      out = line;
      if (starts_with_reply_code(line)) line.remove_prefix(std::min<std::size_t>(4, line.size()));
      const std::size_t len = line.empty() ? 0 : status_length(line, 0);
      if (len > 0 && (line[0] == '2' || line[0] == '4' || line[0] == '5'))
        first_status = line.substr(0, len);
      first = false;
      continue;
    }
    if (starts_with_reply_code(line))
      line = trim(line.substr(std::min<std::size_t>(4, line.size())));
    if (!first_status.empty() && line.substr(0, first_status.size()) == first_status)
      line = trim(line.substr(first_status.size()));
    if (line.empty()) continue;
    out += ' ';
    out += line;
  }
  return out;
}

}  // namespace herald::domain
