#include "tracking/provider_common.h"

#include <cctype>
#include <cmath>

#include "common/clock.h"
#include "common/error.h"
#include "common/json_read.h"
#include "common/url.h"
#include "domain/reply_reading.h"
#include "domain/smtp_codes.h"

namespace herald::tracking::detail {

nlohmann::json parse_json_body(std::string_view body) {
  return read_json(body);
}

const nlohmann::json& object_at(const nlohmann::json& obj, const char* key, const char* field) {
  if (!obj.is_object()) throw bad_request(std::string(field) + ": not an object", field);
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_object())
    throw bad_request(std::string(field) + " must be an object", field);
  return *it;
}

std::string text(const nlohmann::json& obj, const char* key, const char* field) {
  if (!obj.is_object()) return {};
  const auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  if (it->is_number() || it->is_boolean()) return it->dump();
  throw bad_request(std::string(field) + " must be a string", field);
}

std::string required_text(const nlohmann::json& obj, const char* key, const char* field) {
  std::string v = text(obj, key, field);
  if (v.empty()) throw bad_request(std::string(field) + " is missing", field);
  return v;
}

std::string strip_angles(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (s.size() >= 2 && s.front() == '<' && s.back() == '>') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

std::string herald_id_from_message_id(std::string_view message_id) {
  const std::string id = strip_angles(message_id);
  const auto at = id.find('@');
  if (at != 26) return {};
  static constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  for (std::size_t i = 0; i < at; ++i)
    if (kCrockford.find(id[i]) == std::string_view::npos) return {};
  return id.substr(0, at);
}

std::int64_t rfc3339_ms(const std::string& s) {
  if (s.empty()) return 0;
  return parse_rfc3339(s).value_or(0);
}

std::int64_t unix_seconds_ms(const nlohmann::json& v) {
  if (v.is_number()) return std::llround(v.get<double>() * 1000.0);
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (!s.empty() && end == s.c_str() + s.size()) return std::llround(d * 1000.0);
  }
  return 0;
}

namespace {

// The first three-digit number starting a word in `text`, if it looks like a reply code.
int find_reply_code(std::string_view text) {
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))) continue;
    if (text[i] < '2' || text[i] > '5' || !std::isdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isdigit(static_cast<unsigned char>(text[i + 2])))
      continue;
    if (i + 3 < text.size() && std::isalnum(static_cast<unsigned char>(text[i + 3]))) continue;
    return (text[i] - '0') * 100 + (text[i + 1] - '0') * 10 + (text[i + 2] - '0');
  }
  return 0;
}

}  // namespace

void apply_smtp(DeliveryEvent& e, std::string_view reply, std::string_view status, int code) {
  // "smtp; 550 ..." / "smtp;550 ..." as in DSN Diagnostic-Code fields.
  std::string_view words = reply;
  if (const auto semi = words.find(';'); semi != std::string_view::npos && semi <= 8) {
    std::string_view type = words.substr(0, semi);
    bool is_type = !type.empty();
    for (char c : type) is_type = is_type && std::isalpha(static_cast<unsigned char>(c));
    if (is_type) words.remove_prefix(semi + 1);
  }
  if (code == 0) code = find_reply_code(words);
  const std::string stated =
      status.empty() ? domain::find_enhanced_code(words, code) : std::string(status);
  std::string enhanced = stated;
  if (enhanced.empty() && code >= 400) enhanced = domain::default_enhanced_code(code);
  if (code >= 200 && code < 600) e.smtp_code = code;
  e.enhanced_code = enhanced;
  if (code >= 200 && code < 300) return;
  if (enhanced.starts_with("2.")) return;
  // A provider reports what one recipient's server answered and rarely says at which command;
  // almost all of them are refusals of the recipient, so the reply reads as the answer to RCPT
  // TO: "No Such User Here" is an unknown address, not a filter's verdict.
  const std::string lowered = domain::reply_words(words);
  e.reason = domain::reason_of_reply({lowered, stated, code, domain::SmtpCommand::rcpt_to});
}

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      const std::string_view name = pair.substr(0, eq);
      const std::string_view value =
          eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      out.emplace_back(url_decode(name), url_decode(value));
    }
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace herald::tracking::detail
