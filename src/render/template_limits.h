#pragma once
// What Herald accepts as a Mustache template, checked before kainjow-mustache sees it. Its
// parser copies the inner text of every section into the section, so a template of nested
// sections costs memory and time of depth x size; these limits keep that to a few MB.
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace herald::render {

// Generous for shop templates: the shipped and demo ones nest at most 2 deep and weigh a few
// KB; mail clients clip an email past about 100 KB anyway.
inline constexpr int kMaxSectionDepth = 16;
inline constexpr std::size_t kMaxTemplateBytes = 256 * 1024;
// What a part may write, as an upper estimate from the template and the data (see
// parsed_template.h): an order or a newsletter writes well under 1 MB.
inline constexpr std::size_t kMaxRenderBytes = 16 * 1024 * 1024;

using SectionTexts = std::unordered_map<std::string, std::vector<std::size_t>>;

// What the parser will build from a template, read without building it.
struct TemplateShape {
  int depth = 0;                       // deepest section nesting
  std::size_t pieces = 0;              // text runs, whitespace characters and tags
  std::size_t section_text_bytes = 0;  // the inner text each section keeps a copy of
  // Section name -> for each number of {{#…}} sections around it, the longest inner text of a
  // section of that name: what one pass through it can write at most, besides the values of
  // its variables. While rendering, that number is how many items the context has pushed.
  SectionTexts section_text_by_name;
};

// Stops reading at the first syntax error: the parser reports those itself.
TemplateShape template_shape(std::string_view tmpl);

// Throws bad_request naming `field` when the template is over a limit.
TemplateShape check_template_limits(std::string_view tmpl, const std::string& field);

}  // namespace herald::render
