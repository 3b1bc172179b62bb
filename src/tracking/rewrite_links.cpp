// Link rewriting for click tracking and the open pixel. A small scanner, not a full HTML
// parser: it only has to find <a ...> start tags and their href values, and to step over
// comments, <script> and <style>, keeping every other byte as it is.
#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

#include "tracking/tracking_token.h"

namespace herald::tracking {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Position of `needle` (lower case) in `hay` at or after `from`, ignoring case.
std::size_t ifind(std::string_view hay, std::string_view needle, std::size_t from) {
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i)
    if (iequals(hay.substr(i, needle.size()), needle)) return i;
  return std::string_view::npos;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) cp = 0xfffd;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

// Character references as they appear in attribute values: the named ones a URL may hold and
// numeric ones. Anything else is kept literally, as browsers do for unknown names.
std::string decode_entities(std::string_view s) {
  static constexpr std::pair<std::string_view, char> kNamed[] = {
      {"amp", '&'},   {"lt", '<'},  {"gt", '>'},  {"quot", '"'},   {"apos", '\''}, {"equals", '='},
      {"quest", '?'}, {"sol", '/'}, {"num", '#'}, {"percnt", '%'}, {"plus", '+'},  {"colon", ':'}};
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto semi = s[i] == '&' ? s.find(';', i) : std::string_view::npos;
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    const std::string_view name = s.substr(i + 1, semi - i - 1);
    bool done = false;
    if (name.size() >= 2 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string_view digits = name.substr(hex ? 2 : 1);
      std::uint32_t cp = 0;
      bool ok = !digits.empty();
      for (char c : digits) {
        const int v = std::isdigit(static_cast<unsigned char>(c))           ? c - '0'
                      : hex && std::isxdigit(static_cast<unsigned char>(c)) ? lower(c) - 'a' + 10
                                                                            : -1;
        if (v < 0 || cp > 0x10ffff) ok = false;
        if (!ok) break;
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
      }
      if (ok) {
        append_utf8(out, cp);
        done = true;
      }
    } else {
      for (const auto& [n, c] : kNamed)
        if (name == n) {
          out += c;
          done = true;
          break;
        }
    }
    if (done) {
      i = semi;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The URL a browser would follow: entities decoded, outer whitespace and inner tabs and
// newlines removed.
std::string link_target(std::string_view raw) {
  std::string decoded = decode_entities(raw);
  std::string out;
  for (char c : decoded)
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  const auto first = out.find_first_not_of(" \f");
  if (first == std::string::npos) return {};
  return out.substr(first, out.find_last_not_of(" \f") - first + 1);
}

bool is_http(std::string_view url) {
  return ifind(url, "http://", 0) == 0 || ifind(url, "https://", 0) == 0;
}

struct Attr {
  std::string_view name;
  std::size_t value_begin = 0;  // offsets into the document; equal when there is no value
  std::size_t value_end = 0;
};

// Reads the attributes of a start tag from `pos` (just after the tag name) up to its '>'.
// Returns the offset just past the tag, or npos when the tag never ends.
std::size_t read_attributes(std::string_view html, std::size_t pos, std::vector<Attr>& attrs) {
  while (pos < html.size()) {
    while (pos < html.size() && (is_space(html[pos]) || html[pos] == '/')) ++pos;
    if (pos >= html.size()) break;
    if (html[pos] == '>') return pos + 1;
    const std::size_t name_begin = pos;
    while (pos < html.size() && !is_space(html[pos]) && html[pos] != '=' && html[pos] != '>' &&
           (html[pos] != '/' || pos == name_begin))
      ++pos;
    Attr a;
    a.name = html.substr(name_begin, pos - name_begin);
    std::size_t look = pos;
    while (look < html.size() && is_space(html[look])) ++look;
    if (look < html.size() && html[look] == '=') {
      pos = look + 1;
      while (pos < html.size() && is_space(html[pos])) ++pos;
      if (pos < html.size() && (html[pos] == '"' || html[pos] == '\'')) {
        const auto close = html.find(html[pos], pos + 1);
        if (close == std::string_view::npos) return std::string_view::npos;
        a.value_begin = pos + 1;
        a.value_end = close;
        pos = close + 1;
      } else {
        a.value_begin = pos;
        while (pos < html.size() && !is_space(html[pos]) && html[pos] != '>') ++pos;
        a.value_end = pos;
      }
    }
    attrs.push_back(a);
  }
  return std::string_view::npos;
}

}  // namespace

std::string rewrite_links(std::string_view html, const std::string& public_url,
                          const std::string& secret, const std::string& herald_id, bool clicks,
                          bool opens) {
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string own_prefix = base + "/t/";
  std::string out;
  out.reserve(html.size() + 256);
  std::size_t copied = 0;  // html[0, copied) is already in `out`
  int link_index = 0;

  for (std::size_t pos = html.find('<'); clicks && pos != std::string_view::npos;
       pos = html.find('<', pos + 1)) {
    if (html.substr(pos, 4) == "<!--") {
      const auto end = html.find("-->", pos + 4);
      if (end == std::string_view::npos) break;
      pos = end + 2;
      continue;
    }
    for (std::string_view raw_tag : {"script", "style"}) {
      if (pos + 1 + raw_tag.size() < html.size() &&
          iequals(html.substr(pos + 1, raw_tag.size()), raw_tag) &&
          (is_space(html[pos + 1 + raw_tag.size()]) || html[pos + 1 + raw_tag.size()] == '>')) {
        const auto end = ifind(html, std::string("</") + std::string(raw_tag), pos + 1);
        pos = end == std::string_view::npos ? html.size() - 1 : end;
      }
    }
    if (pos + 2 >= html.size() || lower(html[pos + 1]) != 'a' ||
        !(is_space(html[pos + 2]) || html[pos + 2] == '>' || html[pos + 2] == '/'))
      continue;
    std::vector<Attr> attrs;
    const std::size_t end = read_attributes(html, pos + 2, attrs);
    if (end == std::string_view::npos) break;
    const Attr* href = nullptr;
    bool notrack = false;
    for (const auto& a : attrs) {
      if (iequals(a.name, "href") && href == nullptr) href = &a;
      if (iequals(a.name, "data-herald-notrack")) notrack = true;
    }
    if (href != nullptr && !notrack && link_index <= 0xffff) {
      const std::string target =
          link_target(html.substr(href->value_begin, href->value_end - href->value_begin));
      if (is_http(target) && target.size() <= 4096 && !target.starts_with(own_prefix)) {
        TokenPayload p{TokenPayload::Kind::click, herald_id, link_index++, target};
        out.append(html.substr(copied, href->value_begin - copied));
        out += base + "/t/c/" + make_token(secret, p);
        copied = href->value_end;
      }
    }
    pos = end - 1;
  }
  out.append(html.substr(copied));

  if (opens) {
    const std::string pixel = "<img src=\"" + base + "/t/o/" +
                              make_token(secret, {TokenPayload::Kind::open, herald_id, 0, {}}) +
                              "\" width=\"1\" height=\"1\" alt=\"\" border=\"0\" "
                              "style=\"height:1px;width:1px;border:0;margin:0;padding:0\">";
    std::size_t body_end = std::string::npos;
    for (std::size_t p = ifind(out, "</body", 0); p != std::string::npos;
         p = ifind(out, "</body", p + 1))
      body_end = p;
    out.insert(body_end == std::string::npos ? out.size() : body_end, pixel);
  }
  return out;
}

}  // namespace herald::tracking
