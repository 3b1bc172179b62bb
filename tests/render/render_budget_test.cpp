#include <gtest/gtest.h>

#include "common/error.h"
#include "render/renderer.h"
#include "render/template_limits.h"

namespace herald::render {
namespace {

using nlohmann::json;

std::string nested_lists(int depth) {
  std::string out;
  for (int i = 0; i < depth; ++i) out += "{{#data.l}}";
  out += "x";
  for (int i = 0; i < depth; ++i) out += "{{/data.l}}";
  return out;
}

json ten_items() {
  return {{"data", {{"l", json::array({0, 1, 2, 3, 4, 5, 6, 7, 8, 9})}}}};
}

TEST(RenderBudget, NestedListsThatWouldWriteTooMuchAreRefusedNamingThePart) {
  EXPECT_EQ(render(nested_lists(3), ten_items(), Escape::none), std::string(1000, 'x'));
  // 10^12 copies: refused long before kainjow gets far
  domain::TemplateRecord t{"K", domain::Channel::email, "en", "Hi", nested_lists(12), "", "", 0};
  try {
    render_template(t, ten_items(), Reuse::once);
    ADD_FAILURE() << "rendered 10^12 copies";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "html");
    EXPECT_NE(std::string(e.what()).find("16 MB"), std::string::npos) << e.what();
  }
}

TEST(RenderBudget, ALongListOfItemsRenders) {
  json items = json::array();
  for (int i = 0; i < 5000; ++i) items.push_back({{"name", "Shoe " + std::to_string(i)}});
  auto out =
      render("<ul>{{#items}}<li>{{name}}</li>{{/items}}</ul>", {{"items", items}}, Escape::html);
  EXPECT_NE(out.find("<li>Shoe 4999</li>"), std::string::npos);
}

TEST(RenderBudget, CountsTheValuesAVariableWrites) {
  json vars = {{"big", std::string(1024 * 1024, 'y')}, {"l", json::array()}};
  for (int i = 0; i < 20; ++i) vars["l"].push_back(i);
  EXPECT_EQ(render("{{big}}", vars, Escape::none).size(), 1024u * 1024u);
  EXPECT_THROW(render("{{#l}}{{big}}{{/l}}", vars, Escape::none), Error);
}

TEST(RenderBudget, ThereAreNoPartialsSoDataIsNeverParsedAsATemplate) {
  json vars = {{"p", "{{#a}}{{#a}}{{x}}{{/a}}{{/a}}"}, {"x", "inner"}, {"a", true}};
  EXPECT_EQ(render("a{{>p}}b", vars, Escape::none), "ab");
}

TEST(TemplateShape, KnowsTheLongestInnerTextOfEachSectionNameByTheSectionsAroundIt) {
  auto shape = template_shape("{{#a}}xy{{/a}}{{#b}}{{#a}}xyz{{/a}}{{/b}}{{^c}}{{#a}}v{{/a}}{{/c}}");
  EXPECT_EQ(shape.section_text_by_name.at("a"), (std::vector<std::size_t>{2, 3}));
  EXPECT_EQ(shape.section_text_by_name.at("b"), (std::vector<std::size_t>{15}));
  EXPECT_EQ(shape.section_text_by_name.at("c"), (std::vector<std::size_t>{13}));
}

TEST(RenderBudget, CountsEachLevelOfNestedListsByItsOwnText) {
  // 10^6 copies of "x": a megabyte, within the limit although every level has the same name
  EXPECT_EQ(render(nested_lists(6), ten_items(), Escape::none).size(), 1000000u);
  EXPECT_THROW(render(nested_lists(8), ten_items(), Escape::none), Error);
}

}  // namespace
}  // namespace herald::render
