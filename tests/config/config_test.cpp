#include "config/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <utility>
#include <vector>

#include "common/error.h"

namespace herald::config {
namespace {

std::string write_file(const std::string& text) {
  auto path =
      std::filesystem::temp_directory_path() /
      ("herald-config-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml");
  std::ofstream(path) << text;
  return path.string();
}

EnvLookup env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST(Config, DefaultsMatchTheContract) {
  auto c = load("", env({}));
  EXPECT_EQ(c.server.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.storage.url, "sqlite://herald-data/herald.db");
  EXPECT_EQ(c.email.connections, 4);
  EXPECT_EQ(c.sms.provider, "kannel");
  EXPECT_EQ(c.retention.content_days, 180);
  EXPECT_TRUE(c.tracking.opens);
}

TEST(Config, ReadsTheFileAndEnvironmentWins) {
  auto path = write_file(
      "[server]\nlisten = \"127.0.0.1:9999\"\n[email]\nconnections = 2\n[tracking]\nopens = "
      "false\n");
  auto c = load(
      path, env({{"HERALD_EMAIL_CONNECTIONS", "7"}, {"HERALD_STORAGE_URL", "sqlite:///tmp/x.db"}}));
  EXPECT_EQ(c.server.listen, "127.0.0.1:9999");
  EXPECT_EQ(c.email.connections, 7);
  EXPECT_EQ(c.storage.url, "sqlite:///tmp/x.db");
  EXPECT_FALSE(c.tracking.opens);
}

TEST(Config, AWrongTypeNamesTheKey) {
  auto path = write_file("[email]\nconnections = \"many\"\n");
  try {
    load(path, env({}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "email.connections");
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos);
  }
}

TEST(Config, ABadEnvironmentValueNamesTheVariable) {
  try {
    load("", env({{"HERALD_WORKERS_MAX_ATTEMPTS", "ten"}}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "HERALD_WORKERS_MAX_ATTEMPTS");
  }
}

// An unknown sms.provider is refused by the provider registry (tests/providers/registry_test.cpp
// and `herald serve` in tests/integration/test_bad_input.py): config does not know the names.
TEST(Config, RejectsAMissingFileAndBadValues) {
  EXPECT_THROW(load("/nonexistent/herald.toml", env({})), Error);
  EXPECT_THROW(load("", env({{"HERALD_EMAIL_CONNECTIONS", "0"}})), Error);
  EXPECT_THROW(load(write_file("[server\nlisten=1"), env({})), Error);
}

TEST(Config, ConnectionLimitsHaveDefaultsAndAreRead) {
  auto d = load("", env({}));
  EXPECT_EQ(d.server.max_connections, 1000);
  EXPECT_EQ(d.server.header_timeout_seconds, 10);
  EXPECT_EQ(d.server.idle_timeout_seconds, 75);
  auto c = load(write_file("[server]\nmax_connections = 8\nheader_timeout_seconds = 1\n"),
                env({{"HERALD_SERVER_IDLE_TIMEOUT_SECONDS", "2"}}));
  EXPECT_EQ(c.server.max_connections, 8);
  EXPECT_EQ(c.server.header_timeout_seconds, 1);
  EXPECT_EQ(c.server.idle_timeout_seconds, 2);
}

TEST(Config, ABadConnectionLimitNamesTheKey) {
  for (const auto& [key, text] :
       std::vector<std::pair<std::string, std::string>>{{"max_connections", "0"},
                                                        {"header_timeout_seconds", "0"},
                                                        {"idle_timeout_seconds", "-5"},
                                                        {"idle_timeout_seconds", "86400"}}) {
    try {
      load(write_file("[server]\n" + key + " = " + text + "\n"), env({}));
      ADD_FAILURE() << key << " = " << text << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), "server." + key);
      EXPECT_NE(std::string(e.what()).find("server." + key), std::string::npos);
    }
  }
}

TEST(Config, RelayTimeoutsAndBreakerHaveDefaultsAndAreChecked) {
  auto d = load("", env({}));
  EXPECT_EQ(d.email.connect_timeout_seconds, 10);
  EXPECT_EQ(d.email.greeting_timeout_seconds, 10);
  EXPECT_EQ(d.email.breaker_failures, 3);
  EXPECT_EQ(d.email.breaker_cooldown_seconds, 30);
  auto c = load(write_file("[email]\ngreeting_timeout_seconds = 2\nbreaker_failures = 5\n"),
                env({{"HERALD_EMAIL_BREAKER_COOLDOWN_SECONDS", "7"}}));
  EXPECT_EQ(c.email.greeting_timeout_seconds, 2);
  EXPECT_EQ(c.email.breaker_failures, 5);
  EXPECT_EQ(c.email.breaker_cooldown_seconds, 7);
  try {
    load(write_file("[email]\ngreeting_timeout_seconds = 0\n"), env({}));
    ADD_FAILURE() << "greeting_timeout_seconds = 0 was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.field(), "email.greeting_timeout_seconds");
  }
}

TEST(Config, TheOmsTimeoutHasItsDefaultAndIsChecked) {
  EXPECT_EQ(load("", env({})).oms.timeout_seconds, 10);
  EXPECT_EQ(load(write_file("[oms]\ntimeout_seconds = 2\n"), env({})).oms.timeout_seconds, 2);
  EXPECT_EQ(load("", env({{"HERALD_OMS_TIMEOUT_SECONDS", "3"}})).oms.timeout_seconds, 3);
  for (const std::string text : {"0", "-1", "301", "\"ten\""}) {
    try {
      load(write_file("[oms]\ntimeout_seconds = " + text + "\n"), env({}));
      ADD_FAILURE() << "timeout_seconds = " << text << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), "oms.timeout_seconds");
      EXPECT_NE(std::string(e.what()).find("oms.timeout_seconds"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace herald::config
