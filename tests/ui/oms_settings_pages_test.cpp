// The OMS connector's section of the store settings through the router: the form, errors that
// name the field and keep what was typed, the token and secret never shown, the connection check.
#include <deque>

#include "common/url.h"
#include "oms/connectors.h"
#include "store/open_oms_storage.h"
#include "ui/oms_pages.h"
#include "ui/pages_fixture.h"

namespace herald::ui {
namespace {

struct ScriptedHttp final : oms::HttpClient {
  std::deque<oms::HttpAnswer> answers;
  oms::HttpAnswer send(const oms::HttpCall&) override {
    auto a = answers.front();
    answers.pop_front();
    return a;
  }
};

struct OmsSettingsPagesTest : PagesTest {
  std::unique_ptr<store::OmsStorage> oms_storage = store::open_oms_storage(url);
  SecretSealer sealer{std::string(32, 'k')};
  oms::SettingsService settings{*oms_storage, sealer, clock};
  ScriptedHttp http;
  oms::Connectors connectors{*oms_storage, settings, http, clock};
  OmsUiContext oms_ctx{settings, connectors, *oms_storage};

  void SetUp() override {
    PagesTest::SetUp();
    add_oms_settings_pages(router, ctx, oms_ctx);
  }
  static bool has(const http::Response& r, const std::string& text) {
    return r.body().find(text) != std::string::npos;
  }
  static std::string form(const std::string& token, const std::string& minutes) {
    return "provider=fynd&api_url=" + url_encode("http://oms.example/api") +
           "&affiliate_id=AFF-1&affiliate_token=" + token + "&secret=hook-secret-5678" +
           "&safety_stock=2&inventory_sync_minutes=" + minutes + "&enabled=on";
  }
};

TEST_F(OmsSettingsPagesTest, TheStoreSettingsLeadToTheConnector) {
  EXPECT_TRUE(has(get("/ui/settings"), "href=\"/ui/settings/oms\""));
  auto empty = get("/ui/settings/oms");
  EXPECT_EQ(empty.result(), http::bhttp::status::ok);
  EXPECT_TRUE(has(empty, "id=\"oms-settings\""));
  EXPECT_FALSE(has(empty, "id=\"webhook-url\""));
}

TEST_F(OmsSettingsPagesTest, ABadValueIsNamedAndWhatWasTypedIsKept) {
  auto bad = post("/ui/settings/oms", form("tok-abcd1234", "5"));
  EXPECT_EQ(bad.result(), http::bhttp::status::bad_request);
  EXPECT_TRUE(has(bad, "inventory_sync_minutes must be a whole number from 15 to 60"));
  EXPECT_TRUE(
      has(bad, "name=\"inventory_sync_minutes\" value=\"5\" size=\"4\" aria-invalid=\"true\""));
  EXPECT_TRUE(has(bad, "value=\"http://oms.example/api\""));
  EXPECT_FALSE(has(bad, "tok-abcd1234"));
  EXPECT_FALSE(settings.get(shop.id));
}

TEST_F(OmsSettingsPagesTest, SavedCredentialsAreMaskedAndKeptWhenLeftEmpty) {
  auto saved = post("/ui/settings/oms", form("tok-abcd1234", "30"));
  ASSERT_EQ(saved.result(), http::bhttp::status::see_other) << saved.body();
  EXPECT_EQ(std::string(saved[http::bhttp::field::location]), "/ui/settings/oms?done=saved");
  auto page = get("/ui/settings/oms?done=saved");
  EXPECT_TRUE(has(page, "Connector saved."));
  EXPECT_TRUE(has(page,
                  "placeholder=\"\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2"
                  "1234\""));
  EXPECT_FALSE(has(page, "tok-abcd1234"));
  EXPECT_FALSE(has(page, "hook-secret-5678"));
  EXPECT_TRUE(has(page, "/v1/oms/webhook/shop"));
  ASSERT_EQ(post("/ui/settings/oms", form("", "45")).result(), http::bhttp::status::see_other);
  const auto s = settings.get(shop.id);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->affiliate_token, "tok-abcd1234");
  EXPECT_EQ(s->inventory_sync_minutes, 45);
  EXPECT_EQ(s->safety_stock, 2);
}

TEST_F(OmsSettingsPagesTest, TheConnectionCheckSaysWhatTheOmsAnswered) {
  ASSERT_EQ(post("/ui/settings/oms", form("tok-abcd1234", "15")).result(),
            http::bhttp::status::see_other);
  http.answers.push_back({200, R"({"items":[],"page":{"has_next":false}})"});
  auto ok = post("/ui/settings/oms/check", "");
  ASSERT_EQ(ok.result(), http::bhttp::status::see_other) << ok.body();
  EXPECT_TRUE(has(get("/ui/settings/oms?done=checked"), "the connection works"));
  http.answers.push_back({503, "busy"});
  auto down = post("/ui/settings/oms/check", "");
  EXPECT_EQ(down.result(), http::bhttp::status::service_unavailable);
  EXPECT_TRUE(has(down, "the OMS did not answer"));
  EXPECT_EQ(oms_storage->list_oms_calls(shop.id, 10, std::nullopt).size(), 2u);
}

}  // namespace
}  // namespace herald::ui
