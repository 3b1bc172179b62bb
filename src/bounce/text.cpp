#include "bounce/text.h"

#include <cctype>
#include <cstring>
#include <span>

#include "common/ascii.h"

namespace herald::bounce {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

bool is_local_char(char c) {
  if (ascii_is_alnum(c)) return true;
  return std::strchr("!#$%&'*+/=?^_`{|}~.-", c) != nullptr && c != '\0';
}

bool is_domain_char(char c) {
  return ascii_is_alnum(c) || c == '.' || c == '-' || c == '_';
}

}  // namespace

std::string to_lower(std::string_view s) {
  return ascii_lower(s);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < s.size()) {
    auto end = s.find('\n', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view line = s.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

bool equals_ci(std::string_view s, std::string_view lower_word) {
  return s.size() == lower_word.size() && starts_with_ci(s, lower_word);
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (ascii_lower(s[i]) != ascii_lower(prefix[i])) return false;
  return true;
}

namespace {

// The lower-case copy of `s` in a buffer reused by the calling thread.
std::string_view lowered(std::string_view s) {
  thread_local std::string buffer;
  buffer.assign(s);
  ascii_lower_in_place(buffer.data(), buffer.size());
  return buffer;
}

// Appends `map` of each byte of `s`, its ends trimmed and each run of white space one space.
// Written through a pointer into room made first: the result is never longer than `s`.
template <typename Map>
void append_squeezed(std::string& out, std::string_view s, Map map) {
  s = trim(s);
  const std::size_t start = out.size();
  out.resize(start + s.size());
  char* to = out.data() + start;
  for (std::size_t i = 0; i < s.size();) {
    if (!is_space(s[i])) {
      *to++ = map(s[i++]);
      continue;
    }
    while (is_space(s[i])) ++i;  // trimmed: a run of spaces always ends before the end
    *to++ = ' ';
  }
  out.resize(static_cast<std::size_t>(to - out.data()));
}

int find_any_lower(std::string_view low, std::span<const std::string_view> needles) {
  for (std::size_t i = 0; i < needles.size(); ++i)
    if (low.find(needles[i]) != std::string_view::npos) return static_cast<int>(i);
  return -1;
}

}  // namespace

std::size_t find_ci(std::string_view hay, std::string_view lower_needle, std::size_t from) {
  if (lower_needle.empty()) return from <= hay.size() ? from : std::string_view::npos;
  for (std::size_t pos = from; pos + lower_needle.size() <= hay.size(); ++pos)
    if (ascii_lower(hay[pos]) == lower_needle[0] && starts_with_ci(hay.substr(pos), lower_needle))
      return pos;
  return std::string_view::npos;
}

bool contains_ci(std::string_view hay, std::string_view needle) {
  if (hay.size() < needle.size()) return false;
  return lowered(hay).find(needle) != std::string_view::npos;
}

int find_any_ci(std::string_view hay, std::span<const std::string_view> needles) {
  return find_any_lower(lowered(hay), needles);
}

int find_any_ci_squeezed(std::string_view hay, std::span<const std::string_view> needles) {
  thread_local std::string buffer;
  buffer.clear();
  append_squeezed(buffer, hay, [](char c) { return ascii_lower(c); });
  return find_any_lower(buffer, needles);
}

bool has_letters(std::string_view s) {
  for (const char c : s)
    if (ascii_is_alpha(c)) return true;
  return false;
}

std::string squeeze_spaces(std::string_view s) {
  std::string out;
  append_squeezed(out, s, [](char c) { return c; });
  return out;
}

std::string_view field_name(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (ascii_is_alnum(line[i]) || line[i] == '-' || line[i] == '_')) ++i;
  if (i == 0 || i >= line.size() || line[i] != ':') return {};
  if (!ascii_is_alpha(line[0])) return {};
  return line.substr(0, i);
}

std::vector<Field> parse_fields(std::string_view block, std::span<const std::string_view> only) {
  auto wanted = [&](std::string_view name) {
    if (only.empty()) return true;
    for (std::string_view w : only)
      if (equals_ci(name, w)) return true;
    return false;
  };
  std::vector<Field> fields;
  bool open = false;  // the last line was a wanted field, so an indented line continues it
  for (std::string_view line : split_lines(block)) {
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      const auto more = trim(line);
      if (open && !more.empty()) {
        fields.back().value += ' ';
        fields.back().value += more;
      }
      continue;
    }
    const auto name = field_name(line);
    open = !name.empty() && wanted(name);
    if (!open) continue;
    fields.push_back({to_lower(name), std::string(trim(line.substr(name.size() + 1)))});
  }
  return fields;
}

std::vector<AddressSpan> find_addresses(std::string_view line) {
  std::vector<AddressSpan> out;
  for (std::size_t at = line.find('@'); at != std::string_view::npos; at = line.find('@', at + 1)) {
    std::size_t b = at;
    while (b > 0 && is_local_char(line[b - 1])) --b;
    std::size_t e = at + 1;
    while (e < line.size() && is_domain_char(line[e])) ++e;
    while (b < at && (line[b] == '.' || line[b] == '\'' || line[b] == '`')) ++b;
    // X.400 gateways write the Internet address as a typed attribute ("dda:SMTP=a@b",
    // "RFC-822=a@b"); '=' and '-' may be part of a local part, so the type is cut here.
    for (std::string_view type : {"smtp=", "rfc-822=", "rfc822="})
      if (const auto t = find_ci(line.substr(b, at - b), type); t != std::string_view::npos)
        b += t + type.size();
    while (e > at + 1 && (line[e - 1] == '.' || line[e - 1] == '-')) --e;
    if (b == at || e == at + 1) continue;
    const std::string_view domain = line.substr(at + 1, e - at - 1);
    if (domain.find('.') == std::string_view::npos && domain.size() < 2) continue;
    if (!out.empty() && out.back().pos + out.back().len > b) continue;
    out.push_back({b, e - b});
  }
  return out;
}

std::string first_address(std::string_view s) {
  const auto spans = find_addresses(s);
  if (spans.empty()) return {};
  return std::string(s.substr(spans.front().pos, spans.front().len));
}

std::string strip_angles(std::string_view s) {
  s = trim(s);
  const auto open = s.find('<');
  if (open != std::string_view::npos) {
    const auto close = s.find('>', open);
    if (close != std::string_view::npos)
      return std::string(trim(s.substr(open + 1, close - open - 1)));
  }
  return std::string(s);
}

std::string html_to_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '<') {
      const auto end = html.find('>', i);
      if (end == std::string_view::npos) break;
      const std::string tag = to_lower(html.substr(i + 1, std::min<std::size_t>(end - i - 1, 6)));
      if (tag.starts_with("br") || tag.starts_with("p") || tag.starts_with("/p") ||
          tag.starts_with("div") || tag.starts_with("/div") || tag.starts_with("tr") ||
          tag.starts_with("li") || tag.starts_with("/h"))
        out += '\n';
      else if (tag.starts_with("td") || tag.starts_with("th"))
        out += ' ';
      if (tag.starts_with("style") || tag.starts_with("script")) {
        // The block and its closing tag are skipped whole.
        const auto close = find_ci(html, tag.starts_with("style") ? "</style" : "</script", end);
        const auto close_end =
            close == std::string_view::npos ? std::string_view::npos : html.find('>', close);
        i = close_end == std::string_view::npos ? html.size() : close_end;
        continue;
      }
      i = end;
      continue;
    }
    if (c == '&') {
      static constexpr std::pair<std::string_view, char> kEntities[] = {
          {"&lt;", '<'},   {"&gt;", '>'},   {"&amp;", '&'},
          {"&quot;", '"'}, {"&nbsp;", ' '}, {"&#39;", '\''}};
      bool done = false;
      for (const auto& [name, ch] : kEntities)
        if (starts_with_ci(html.substr(i), name)) {
          out += ch;
          i += name.size() - 1;
          done = true;
          break;
        }
      if (done) continue;
    }
    out += c;
  }
  return out;
}

}  // namespace herald::bounce
