#include "render/template_limits.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "common/error.h"

namespace herald::render {

namespace {
// std::isspace of the "C" locale, as kainjow-mustache trims tags with it.
bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool valid_delimiter(std::string_view d) {
  for (char c : d)
    if (c == '=' || is_space(c)) return false;
  return true;
}

// "{{=<% %>=}}" as kainjow-mustache reads it; false when it would refuse the tag.
bool read_set_delimiter(std::string_view contents, std::string& begin, std::string& end) {
  if (contents.size() < 5 || contents.back() != '=') return false;
  auto inner = trim(contents.substr(1, contents.size() - 2));
  auto space = inner.find(' ');
  if (space == std::string_view::npos) return false;
  auto rest = inner.find_first_not_of(' ', space + 1);
  if (rest == std::string_view::npos) return false;
  auto b = inner.substr(0, space), e = inner.substr(rest);
  if (!valid_delimiter(b) || !valid_delimiter(e)) return false;
  begin = b;
  end = e;
  return true;
}

bool is_whitespace_piece(char c) {
  return c == '\n' || c == '\r' || c == ' ' || c == '\t';
}
}  // namespace

// Walks the template the way kainjow's parser does (same delimiters, same tag kinds) but
// keeps only counts and the open sections' start offsets.
TemplateShape template_shape(std::string_view in) {
  TemplateShape shape;
  std::string begin = "{{", end = "}}";
  bool braces = true;
  bool in_text = false;
  struct Open {
    std::size_t start;
    std::string_view name;
    int pushing;  // {{#…}} sections around it
  };
  std::vector<Open> open_sections;
  int pushing = 0;
  std::size_t pos = 0;
  while (pos < in.size()) {
    if (in.compare(pos, begin.size(), begin) != 0) {
      const char c = in[pos];
      if (is_whitespace_piece(c)) {
        shape.pieces += in_text ? 2 : 1;
        in_text = false;
        pos += (c == '\r' && pos + 1 < in.size() && in[pos + 1] == '\n') ? 2 : 1;
      } else {
        in_text = true;
        ++pos;
      }
      continue;
    }
    if (in_text) ++shape.pieces;
    in_text = false;
    const std::size_t tag_start = pos;
    std::size_t contents_at = pos + begin.size();
    const bool triple = braces && contents_at < in.size() && in[contents_at] == '{';
    const std::string_view closer = triple ? std::string_view("}}}") : std::string_view(end);
    if (triple) ++contents_at;
    const std::size_t tag_end = in.find(closer, contents_at);
    if (tag_end == std::string_view::npos) return shape;
    const auto contents = trim(in.substr(contents_at, tag_end - contents_at));
    ++shape.pieces;
    pos = tag_end + closer.size();
    if (!contents.empty() && contents.front() == '=') {
      if (!read_set_delimiter(contents, begin, end)) return shape;
      braces = begin == "{{" && end == "}}";
    } else if (!triple && !contents.empty() &&
               (contents.front() == '#' || contents.front() == '^')) {
      open_sections.push_back({pos, trim(contents.substr(1)), pushing});
      if (contents.front() == '#') ++pushing;
      shape.depth = std::max(shape.depth, static_cast<int>(open_sections.size()));
    } else if (!triple && !contents.empty() && contents.front() == '/') {
      if (open_sections.empty()) return shape;
      const Open open = open_sections.back();
      open_sections.pop_back();
      pushing = open.pushing;
      shape.section_text_bytes += tag_start - open.start;
      auto& by_pushing = shape.section_text_by_name[std::string(open.name)];
      if (by_pushing.size() <= static_cast<std::size_t>(open.pushing))
        by_pushing.resize(open.pushing + 1);
      by_pushing[open.pushing] = std::max(by_pushing[open.pushing], tag_start - open.start);
    }
  }
  if (in_text) ++shape.pieces;
  return shape;
}

TemplateShape check_template_limits(std::string_view tmpl, const std::string& field) {
  if (tmpl.size() > kMaxTemplateBytes)
    throw bad_request(field + ": the template is " + std::to_string(tmpl.size()) +
                          " bytes; at most " + std::to_string(kMaxTemplateBytes) + " are accepted",
                      field);
  auto shape = template_shape(tmpl);
  if (shape.depth > kMaxSectionDepth)
    throw bad_request(field + ": sections are nested " + std::to_string(shape.depth) +
                          " deep; at most " + std::to_string(kMaxSectionDepth) +
                          " levels are accepted",
                      field);
  return shape;
}

}  // namespace herald::render
