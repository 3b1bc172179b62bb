#pragma once
// Small text helpers for reading reports: lines, case-insensitive search, header fields,
// e-mail addresses inside free text.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace herald::bounce {

std::string to_lower(std::string_view s);
std::string_view trim(std::string_view s);
std::vector<std::string_view> split_lines(std::string_view s);
bool starts_with_ci(std::string_view s, std::string_view prefix);
// `s` is `lower_word` (lower case) in any case.
bool equals_ci(std::string_view s, std::string_view lower_word);
// Where `lower_needle` (lower case) first occurs in `hay` at or after `from`, in any case;
// npos if nowhere.
std::size_t find_ci(std::string_view hay, std::string_view lower_needle, std::size_t from = 0);
// `needle` must be lower case.
bool contains_ci(std::string_view hay, std::string_view needle);
// The index of the first of `needles` (lower case) that `hay` contains, or -1.
int find_any_ci(std::string_view hay, std::span<const std::string_view> needles);
// The same, with runs of white space in `hay` read as one space.
int find_any_ci_squeezed(std::string_view hay, std::span<const std::string_view> needles);
// Whether `s` holds an ASCII letter: a diagnostic that is only codes and numbers says nothing.
bool has_letters(std::string_view s);
// Runs of white space (line breaks included) become one space; the ends are trimmed.
std::string squeeze_spaces(std::string_view s);

// "Name: value" fields of an RFC 822 style block; folded lines are joined. Lines that are not
// fields end nothing: they are skipped, so the block may hold prose.
struct Field {
  std::string name;  // lower case
  std::string value;
};
// With `only` (lower-case names) given, the other fields are skipped.
std::vector<Field> parse_fields(std::string_view block,
                                std::span<const std::string_view> only = {});
// The field name of a line ("Final-Recipient" of "Final-Recipient: rfc822; a@b"), or empty.
std::string_view field_name(std::string_view line);

// Where an e-mail address ("local@domain") sits in a line.
struct AddressSpan {
  std::size_t pos = 0;
  std::size_t len = 0;
};
std::vector<AddressSpan> find_addresses(std::string_view line);
// The first address inside `s` ("Name <a@b>", "rfc822; a@b", "a@b"), lower-cased domain kept
// as given; empty when there is none.
std::string first_address(std::string_view s);
// "<id@host>" -> "id@host".
std::string strip_angles(std::string_view s);

std::string html_to_text(std::string_view html);

}  // namespace herald::bounce
