#include "render/default_templates.h"

#include <gtest/gtest.h>

#include "render/renderer.h"

namespace herald::render {
namespace {

using domain::Channel;

TEST(DefaultTemplates, EnglishAndNorwegianForEachType) {
  for (const char* key :
       {"password_reset", "contact_form", "order_confirmation", "b2b_registration_request",
        "b2b_registration_approved", "otp", "abandoned_cart", "newsletter"}) {
    auto all = default_templates(key);
    const auto channel = std::string(key) == "otp" ? Channel::sms : Channel::email;
    auto en = pick_template(all, channel, "en-GB", "en");
    auto nb = pick_template(all, channel, "nb-NO", "en");
    ASSERT_TRUE(en && nb) << key;
    EXPECT_EQ(en->locale, "en") << key;
    EXPECT_EQ(nb->locale, "nb") << key;
  }
  EXPECT_TRUE(default_templates("custom_type").empty());
}

TEST(DefaultTemplates, StoreTemplateReplacesTheChannel) {
  std::vector<domain::TemplateRecord> own{
      {"abandoned_cart", Channel::email, "de", "Warenkorb", "", "x", "", 1}};
  auto all = with_defaults(own, "abandoned_cart");
  auto email = pick_template(all, Channel::email, "nb-NO", "de");
  ASSERT_TRUE(email);
  EXPECT_EQ(email->subject, "Warenkorb");  // no Norwegian default mixed in
  auto sms = pick_template(all, Channel::sms, "nb-NO", "de");
  ASSERT_TRUE(sms);  // the store has no SMS template: the defaults stay
  EXPECT_EQ(sms->locale, "nb");
}

}  // namespace
}  // namespace herald::render
