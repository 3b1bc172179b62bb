#pragma once
// Reading the provider callback corpus (../shared/corpus/providers) in tests, and the
// expectations its Symfony fixtures state. A missing corpus is an error, never a skip.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/clock.h"
#include "http/message.h"
#include "support/test_paths.h"
#include "tracking/delivery_event.h"

namespace herald::providers::testing {

inline std::filesystem::path providers_dir() {
  return herald::testing::shared_dir() / "corpus" / "providers";
}

inline std::string read_corpus(const std::string& relative) {
  const auto path = providers_dir() / relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("provider corpus file missing: " + path.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Files the test cases of each test file cover, registered at static initialisation (so the
// coverage check does not depend on which tests run first).
inline std::set<std::string>& covered_files() {
  static std::set<std::string> files;
  return files;
}
struct Cover {
  explicit Cover(std::initializer_list<std::string> files) {
    covered_files().insert(files.begin(), files.end());
  }
  template <typename Cases>
  explicit Cover(const Cases& cases) {
    for (const auto& c : cases) {
      covered_files().insert(c.file);
      if (c.symfony != nullptr && *c.symfony != '\0') covered_files().insert(c.symfony);
    }
  }
};

// What a Symfony webhook fixture (symfony_expected/*.php) expects of a parsed event.
struct SymfonyExpectation {
  std::string kind;       // BOUNCE, DELIVERED, RECEIVED, DROPPED, OPEN, CLICK, SPAM, ...
  std::string id;         // the event's id (for some providers the message id)
  std::string recipient;  // setRecipientEmail / setRecipientPhone
  std::string reason;     // setReason: the provider's words
  bool has_reason = false;
  std::int64_t at_ms = 0;  // setDate, 0 when absent
};

// A PHP single- or double-quoted string literal starting at `pos` (the quote).
inline std::string php_string(const std::string& s, std::size_t pos) {
  const char quote = s.at(pos);
  std::string out;
  for (std::size_t i = pos + 1; i < s.size() && s[i] != quote; ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char n = s[++i];
      if (quote == '"' && n == 'n')
        out += '\n';
      else if (n == quote || n == '\\')
        out += n;
      else
        out += std::string("\\") + n;
      continue;
    }
    out += s[i];
  }
  return out;
}

inline std::string call_argument(const std::string& php, const std::string& call) {
  const auto at = php.find(call + "(");
  if (at == std::string::npos) return {};
  const auto quote = php.find_first_of("'\"", at);
  return php_string(php, quote);
}

inline SymfonyExpectation read_symfony(const std::string& relative) {
  const std::string php = read_corpus(relative);
  SymfonyExpectation e;
  const auto colons = php.find("Event::", php.find("= new "));
  if (colons == std::string::npos) throw std::runtime_error("no event kind in " + relative);
  const auto comma = php.find(',', colons);
  e.kind = php.substr(colons + 7, comma - colons - 7);
  e.id = php_string(php, php.find_first_of("'\"", comma));
  e.recipient = call_argument(php, "setRecipientEmail");
  if (e.recipient.empty()) e.recipient = call_argument(php, "setRecipientPhone");
  e.has_reason = php.find("setReason(") != std::string::npos;
  e.reason = call_argument(php, "setReason");
  if (const auto date = php.find("createFromFormat("); date != std::string::npos) {
    const auto args_end = php.find(")", date);
    const auto value_comma = php.find(',', date);
    std::string value = php.substr(value_comma + 1, args_end - value_comma - 1);
    value.erase(0, value.find_first_not_of(" '"));
    value.erase(value.find_last_not_of(" '") + 1);
    if (php.compare(date + 17, 4, "'U',") == 0 || php.compare(date + 17, 5, "'U.u'") == 0) {
      e.at_ms = static_cast<std::int64_t>(std::stold(value) * 1000 + 0.5L);
    } else {
      e.at_ms = parse_rfc3339(value).value_or(-1);
    }
  }
  return e;
}

// Symfony's event kinds in Herald's vocabulary. DROPPED: what these fixtures drop is an address
// on the provider's suppression list.
inline std::string herald_type(const std::string& symfony_kind) {
  static const std::map<std::string, std::string> kTypes = {
      {"RECEIVED", "sent"},  {"DELIVERED", "delivered"}, {"DEFERRED", "deferred"},
      {"BOUNCE", "bounced"}, {"DROPPED", "suppressed"},  {"OPEN", "opened"},
      {"CLICK", "clicked"},  {"SPAM", "complained"},     {"UNSUBSCRIBE", "unsubscribed"},
  };
  const auto it = kTypes.find(symfony_kind);
  if (it == kTypes.end()) throw std::runtime_error("unmapped Symfony kind " + symfony_kind);
  return it->second;
}

// The decoded query of a URL.
inline std::map<std::string, std::string> url_query(const std::string& url) {
  const auto q = url.find('?');
  return q == std::string::npos ? std::map<std::string, std::string>{}
                                : http::parse_query(std::string_view(url).substr(q + 1));
}

// One corpus file and what its first event must be.
struct CorpusCase {
  const char* file;
  const char* symfony;  // the Symfony expectation for it, or ""
  std::size_t count;    // events in the payload
  const char* type;
  const char* recipient;
  const char* reason;
  int smtp_code;
  const char* enhanced;
  bool hard;
};

// `symfony_id_is_message_id`: the provider's Symfony parser uses the message id as the
// event id (otherwise it is an event id Herald does not keep).
inline void expect_case(const CorpusCase& c, const std::vector<tracking::DeliveryEvent>& events,
                        bool symfony_id_is_message_id = false) {
  SCOPED_TRACE(c.file);
  ASSERT_EQ(events.size(), c.count);
  if (c.count == 0) return;
  const tracking::DeliveryEvent& e = events.front();
  EXPECT_EQ(e.type, c.type);
  EXPECT_EQ(e.recipient, c.recipient);
  EXPECT_EQ(e.reason, c.reason);
  EXPECT_EQ(e.smtp_code, c.smtp_code);
  EXPECT_EQ(e.enhanced_code, c.enhanced);
  EXPECT_EQ(e.hard_bounce, c.hard);
  if (*c.symfony == '\0') return;
  SCOPED_TRACE(c.symfony);
  const SymfonyExpectation want = read_symfony(c.symfony);
  EXPECT_EQ(e.type, herald_type(want.kind));
  EXPECT_EQ(e.recipient, want.recipient);
  if (want.has_reason) {
    EXPECT_TRUE(e.detail.starts_with(want.reason)) << e.detail;
  }
  if (want.at_ms != 0) {
    EXPECT_NEAR(static_cast<double>(e.at_ms), static_cast<double>(want.at_ms), 1.0);
  }
  if (symfony_id_is_message_id) {
    EXPECT_EQ(e.provider_message_id, want.id);
  }
}

}  // namespace herald::providers::testing
