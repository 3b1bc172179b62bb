#pragma once
// Normalized recipient addresses: the form the log stores and searches by.
#include <optional>
#include <string>
#include <string_view>

namespace herald::domain {

// Any spelling of a phone number -> E.164 ("+4790000000"). National numbers are read in
// `region` (ISO 3166, e.g. "NO"); "00" and "+" prefixes are international. nullopt if the
// text cannot be a phone number.
std::optional<std::string> normalize_phone(std::string_view text, std::string_view region);

// Trimmed and lowercased; nullopt unless it looks like local@domain.
std::optional<std::string> normalize_email(std::string_view text);

}  // namespace herald::domain
