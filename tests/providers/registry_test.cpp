#include "providers/registry.h"

#include <gtest/gtest.h>

#include <set>

#include "common/clock.h"
#include "providers/kannel/kannel_report_token.h"

namespace herald::providers {
namespace {

struct Registry : ::testing::Test {
  config::Config config;
  ManualClock clock{1'700'000'000'000};
  ProviderContext context() {
    return {config, clock, [](const std::string&) -> std::string { return {}; }, "report-secret"};
  }
};

TEST_F(Registry, NamesAreUniqueAndEveryProviderIsBuilt) {
  std::set<std::string_view> names;
  for (const auto& r : registrations()) {
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    auto provider = r.make(context());
    ASSERT_NE(provider, nullptr) << r.name;
    EXPECT_EQ(provider->make_sms_transport() != nullptr, r.sends_sms) << r.name;
    EXPECT_EQ(provider->make_email_transport() != nullptr, r.sends_email) << r.name;
    if (r.sends_sms || r.sends_email) {
      EXPECT_FALSE(provider->sends_to(domain::Channel::sms).empty()) << r.name;
    }
  }
  EXPECT_EQ(find_registration("twilio")->name, "twilio");
  EXPECT_EQ(find_registration("pigeon"), nullptr);
}

TEST_F(Registry, AnUnknownSmsGatewayNamesTheFieldAndTheChoices) {
  EXPECT_EQ(sms_gateway("kannel").name, "kannel");
  EXPECT_EQ(sms_gateway("twilio").name, "twilio");
  for (const char* bad : {"pigeon", "ses", ""}) {
    try {
      sms_gateway(bad);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::bad_request);
      EXPECT_EQ(e.field(), "sms.provider");
      EXPECT_NE(std::string(e.what()).find("\"kannel\""), std::string::npos) << e.what();
    }
  }
}

TEST_F(Registry, EmailGoesThroughTheRelayOrIsCaptured) {
  EXPECT_EQ(email_transport("smtp").name, "smtp");
  EXPECT_EQ(email_transport("capture").name, "capture");
  EXPECT_EQ(sms_gateway("capture").name, "capture");
  config.email.smtp_url = "smtp://relay.example:587";
  EXPECT_EQ(email_transport("smtp").make(context())->sends_to(domain::Channel::email),
            "SMTP relay smtp://relay.example:587");
  EXPECT_NE(email_transport("capture")
                .make(context())
                ->sends_to(domain::Channel::email)
                .find("capture (nothing leaves this machine"),
            std::string::npos);
  // Neither answers provider callbacks: there is no /v1/providers/{smtp,capture}/events.
  EXPECT_FALSE(find_registration("smtp")->has_callbacks);
  EXPECT_FALSE(find_registration("capture")->has_callbacks);
  for (const char* bad : {"kannel", "sendgrid", ""}) {
    try {
      email_transport(bad);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), "email.transport");
      EXPECT_NE(std::string(e.what()).find("\"capture\""), std::string::npos) << e.what();
    }
  }
}

// With no credentials configured, a provider that signs its callbacks refuses them all.
TEST_F(Registry, SignedCallbacksAreRefusedWithoutCredentials) {
  const std::map<std::string, std::string> query;
  const CallbackRequest request{"{}", query, [](std::string_view) { return std::string(); },
                                "http://127.0.0.1:8080/v1/providers/x/events"};
  for (const char* name : {"sendgrid", "mailgun", "postmark", "twilio"}) {
    auto provider = find_registration(name)->make(context());
    try {
      provider->read_callback(request);
      FAIL() << name << " accepted an unsigned callback";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::unauthorized) << name;
      EXPECT_EQ(e.field(), "signature") << name;
    }
  }
}

TEST_F(Registry, SettingsComeFromTheProvidersSectionAndTheEnvironment) {
  const auto keys = setting_keys();
  EXPECT_NE(std::find(keys.begin(), keys.end(), "mailgun_signing_key"), keys.end());
  auto env = [](const char* name) -> const char* {
    return std::string(name) == "HERALD_PROVIDERS_TWILIO_AUTH_TOKEN" ? "tok" : nullptr;
  };
  const auto loaded = config::load("", env, keys);
  EXPECT_EQ(loaded.providers.get("twilio_auth_token"), "tok");
  EXPECT_EQ(loaded.providers.get("mailgun_signing_key"), "");
}

TEST_F(Registry, SmsGatewaysSayWhereTheyReportDelivery) {
  config.server.public_url = "https://herald.example";
  auto kannel = find_registration("kannel")->make(context());
  EXPECT_EQ(kannel->sms_status_url("01J"),
            "https://herald.example/v1/providers/kannel/events?id=01J&sig=" +
                kannel_report_token("report-secret", "01J") + "&type=%d&answer=%A&at=%T");
  auto twilio = find_registration("twilio")->make(context());
  EXPECT_EQ(twilio->sms_status_url("01J"),
            "https://herald.example/v1/providers/twilio/events?id=01J");
}

}  // namespace
}  // namespace herald::providers
