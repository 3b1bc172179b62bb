#include "render/template_limits.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "render/default_templates.h"
#include "render/renderer.h"

namespace herald::render {
namespace {

std::string nested(int depth, const std::string& open = "{{#", const std::string& close = "}}") {
  std::string out;
  for (int i = 0; i < depth; ++i) out += open + "a" + close;
  out += "x";
  for (int i = 0; i < depth; ++i) out += "{{/a}}";
  return out;
}

Error limit_error(const std::string& tmpl, const std::string& field) {
  try {
    check_template_limits(tmpl, field);
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for a template of " << tmpl.size() << " bytes";
  return Error(ErrorCode::internal, "");
}

TEST(TemplateShape, CountsTheDeepestNestingOfSectionsAndInvertedSections) {
  EXPECT_EQ(template_shape("Hi {{name}}").depth, 0);
  EXPECT_EQ(template_shape("{{#a}}{{/a}}{{#b}}{{^c}}x{{/c}}{{/b}}").depth, 2);
  EXPECT_EQ(template_shape(nested(40)).depth, 40);
  EXPECT_EQ(template_shape("{{ # a }}{{ / a }}").depth, 1);  // tags are trimmed
}

TEST(TemplateShape, ReadsChangedDelimitersSoTheyCannotHideNesting) {
  EXPECT_EQ(template_shape("{{=<% %>=}}" + nested(30, "<%#", "%>")).depth, 30);
  EXPECT_EQ(template_shape("{{=<% %>=}}{{#a}}{{#b}}").depth, 0);  // plain text now
  // A triple mustache is a variable, whatever its name starts with.
  EXPECT_EQ(template_shape("{{{#a}}}x").depth, 0);
}

TEST(TemplateShape, CountsThePiecesAndTheSectionTextTheParserKeeps) {
  const auto shape = template_shape("ab c\r\n{{x}}");  // "ab", " ", "c", "\r\n", {{x}}
  EXPECT_EQ(shape.pieces, 5u);
  EXPECT_EQ(template_shape("{{#a}}{{#b}}xy{{/b}}{{/a}}").section_text_bytes, 2u + 14u);
}

TEST(TemplateLimits, RefusesSectionsNestedTooDeepNamingTheField) {
  EXPECT_NO_THROW(check_template_limits(nested(kMaxSectionDepth), "html"));
  auto e = limit_error(nested(kMaxSectionDepth + 1), "html");
  EXPECT_EQ(e.code(), ErrorCode::bad_request);
  EXPECT_EQ(e.field(), "html");
  EXPECT_NE(std::string(e.what()).find("nested 17 deep"), std::string::npos) << e.what();
}

TEST(TemplateLimits, RefusesATemplateTooBigNamingTheField) {
  EXPECT_NO_THROW(check_template_limits(std::string(kMaxTemplateBytes, 'x'), "sms"));
  auto e = limit_error(std::string(kMaxTemplateBytes + 1, 'x'), "sms");
  EXPECT_EQ(e.field(), "sms");
  EXPECT_NE(std::string(e.what()).find("at most 262144"), std::string::npos) << e.what();
}

TEST(TemplateLimits, TheShippedTemplatesAreWellWithin) {
  for (const char* key :
       {"password_reset", "contact_form", "order_confirmation", "newsletter",
        "b2b_registration_request", "b2b_registration_approved", "otp", "abandoned_cart"}) {
    for (const auto& t : default_templates(key))
      for (const auto* part : {&t.subject, &t.html, &t.text, &t.sms}) {
        const auto shape = check_template_limits(*part, "template");
        EXPECT_LE(shape.depth, 4) << key;
      }
  }
}

TEST(TemplateLimits, EveryRenderChecksThemAndNamesThePart) {
  const auto deep = nested(kMaxSectionDepth + 1);
  domain::TemplateRecord t{"K", domain::Channel::email, "en", "Hi", deep, "", "", 0};
  try {
    render_template(t, nlohmann::json::object(), Reuse::once);
    ADD_FAILURE() << "a template nested too deep was rendered";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "html");
  }
  try {
    check_template(deep, "text");
    ADD_FAILURE() << "a template nested too deep was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "text");
  }
  EXPECT_THROW(render(deep, nlohmann::json::object(), Escape::none), Error);
  EXPECT_EQ(render(nested(kMaxSectionDepth), {{"a", true}}, Escape::none), "x");
}

}  // namespace
}  // namespace herald::render
