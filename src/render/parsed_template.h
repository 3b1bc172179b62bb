#pragma once
// One parsed template (kainjow-mustache) and what bounds its render. Data can repeat a
// section once per list item, and nested sections multiply that: three levels over lists of
// 100 write a million copies. Each lookup during the render adds what it can make the
// template write to an upper estimate, and the render stops when that passes
// kMaxRenderBytes. Internal to render/.
#include <cstddef>
#include <kainjow/mustache.hpp>
#include <string>

#include "render/template_limits.h"

namespace herald::render {

class ParsedTemplate {
 public:
  // `shape` is template_shape(tmpl). Check error() before rendering.
  ParsedTemplate(const std::string& tmpl, TemplateShape shape, bool escape_html);
  ParsedTemplate(const ParsedTemplate&) = delete;
  ParsedTemplate& operator=(const ParsedTemplate&) = delete;

  const std::string& error() const { return mustache_.error_message(); }

  // Throws bad_request naming `field` when it does not render, or could write more than
  // kMaxRenderBytes with this data.
  std::string render(const kainjow::mustache::data& data, const std::string& field);

  std::size_t bytes() const { return bytes_; }  // estimated memory

 private:
  kainjow::mustache::mustache mustache_;
  SectionTexts section_text_by_name_;
  std::size_t bytes_;
};

}  // namespace herald::render
