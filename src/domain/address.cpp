#include "domain/address.h"

#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cctype>

#include "common/ascii.h"

namespace herald::domain {

std::optional<std::string> normalize_phone(std::string_view text, std::string_view region) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  std::string input(text);
  if (std::none_of(input.begin(), input.end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  PhoneNumber number;
  std::string reg = region.empty() ? "ZZ" : std::string(region);
  std::transform(reg.begin(), reg.end(), reg.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (util->Parse(input, reg, &number) != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
  if (!util->IsPossibleNumber(number)) return std::nullopt;
  std::string out;
  util->Format(number, PhoneNumberUtil::E164, &out);
  return out;
}

std::optional<std::string> normalize_email(std::string_view text) {
  auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return std::nullopt;
  auto end = text.find_last_not_of(" \t\r\n");
  std::string s(text.substr(begin, end - begin + 1));
  auto at = s.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == s.size()) return std::nullopt;
  if (s.find_first_of(" \t\r\n<>,;\"") != std::string::npos) return std::nullopt;
  if (s.find('.', at) == std::string::npos && s.substr(at + 1) != "localhost") return std::nullopt;
  return ascii_lower(s);
}

}  // namespace herald::domain
