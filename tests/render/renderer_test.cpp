#include "render/renderer.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace herald::render {
namespace {

using domain::Channel;
using nlohmann::json;

TEST(Render, EscapesHtmlOnlyInHtmlParts) {
  domain::TemplateRecord t{"ORDER_PLACED",
                           Channel::email,
                           "en",
                           "Order {{order.number}} for {{customer.name}}",
                           "<p>{{customer.name}}</p>",
                           "Hi {{customer.name}}",
                           "",
                           0};
  json vars = {{"order", {{"number", "K-1"}}}, {"customer", {{"name", "<script>x</script> & Co"}}}};
  auto r = render_template(t, vars);
  EXPECT_EQ(r.subject, "Order K-1 for <script>x</script> & Co");
  EXPECT_EQ(r.html, "<p>&lt;script&gt;x&lt;/script&gt; &amp; Co</p>");
  EXPECT_EQ(r.text, "Hi <script>x</script> & Co");
}

TEST(Render, SectionsListsNumbersAndMissingValues) {
  json vars = {
      {"order",
       {{"bags", json::array({{{"name", "T-shirt"}, {"qty", 2}}, {{"name", "Cap"}, {"qty", 1}}})},
        {"total", 1299.5}}},
      {"data", {{"gift", true}}}};
  EXPECT_EQ(render("{{#order.bags}}{{qty}}x {{name}};{{/order.bags}}", vars, Escape::none),
            "2x T-shirt;1x Cap;");
  EXPECT_EQ(render("{{order.total}}|{{#data.gift}}gift{{/data.gift}}|{{missing.value}}|", vars,
                   Escape::none),
            "1299.5|gift||");
}

TEST(Render, ABrokenTemplateIsABadRequest) {
  EXPECT_THROW(render("{{#open}} never closed", json::object(), Escape::none), Error);
}

std::vector<domain::TemplateRecord> templates(std::initializer_list<const char*> locales) {
  std::vector<domain::TemplateRecord> out;
  for (auto l : locales) out.push_back({"K", Channel::email, l, l, "", l, "", 0});
  out.push_back({"K", Channel::sms, "de", "", "", "", "sms", 0});
  return out;
}

TEST(PickTemplate, FallsBackFromLocaleToLanguageToStoreDefault) {
  auto all = templates({"nb-NO", "nb", "en", "pt-BR"});
  EXPECT_EQ(pick_template(all, Channel::email, "nb-NO", "en")->locale, "nb-NO");
  EXPECT_EQ(pick_template(all, Channel::email, "NB-no", "en")->locale, "nb-NO");
  EXPECT_EQ(pick_template(templates({"nb", "en"}), Channel::email, "nb-NO", "en")->locale, "nb");
  EXPECT_EQ(pick_template(templates({"nb-NO", "en"}), Channel::email, "nb", "en")->locale, "nb-NO");
  EXPECT_EQ(pick_template(all, Channel::email, "sv-SE", "en")->locale, "en");
  EXPECT_EQ(pick_template(all, Channel::email, "", "pt-BR")->locale, "pt-BR");
  EXPECT_EQ(pick_template(templates({"en-GB"}), Channel::email, "pt-BR", "en")->locale, "en-GB");
}

TEST(PickTemplate, ConsidersOnlyTheChannelAsked) {
  auto all = templates({"nb"});
  EXPECT_FALSE(pick_template(all, Channel::sms, "nb", "en"));
  EXPECT_EQ(pick_template(all, Channel::sms, "nb", "de")->sms, "sms");
  EXPECT_FALSE(pick_template({}, Channel::email, "nb", "en"));
}

}  // namespace
}  // namespace herald::render
