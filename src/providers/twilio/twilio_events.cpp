// Twilio SMS status callbacks (form-encoded POST) and X-Twilio-Signature.
#include "providers/twilio/twilio_events.h"

#include <algorithm>
#include <set>

#include "common/error.h"
#include "common/ids.h"
#include "domain/reasons.h"
#include "providers/twilio/twilio_errors.h"
#include "tracking/codec.h"
#include "tracking/provider_common.h"

namespace herald::providers {
using namespace tracking;  // the callback helpers and codecs all parsers share

namespace {

std::string value_of(const std::vector<std::pair<std::string, std::string>>& form,
                     std::string_view name) {
  for (const auto& [k, v] : form)
    if (k == name) return v;
  return {};
}

std::string signed_string(std::string_view url,
                          const std::vector<std::pair<std::string, std::string>>& form) {
  // Sorted by name; a repeated name contributes each distinct value once, values sorted.
  std::set<std::pair<std::string, std::string>> sorted(form.begin(), form.end());
  std::string data(url);
  for (const auto& [k, v] : sorted) {
    data += k;
    data += v;
  }
  return data;
}

// The same URL with the default port added when absent, or removed when present.
std::string other_port_form(std::string_view url) {
  const bool https = url.starts_with("https://");
  if (!https && !url.starts_with("http://")) return {};
  const std::size_t host_start = https ? 8 : 7;
  const auto host_end = url.find_first_of("/?#", host_start);
  const std::string_view authority = url.substr(host_start, host_end - host_start);
  const std::string_view rest =
      host_end == std::string_view::npos ? std::string_view() : url.substr(host_end);
  const std::string_view port = https ? ":443" : ":80";
  std::string out(url.substr(0, host_start));
  if (authority.ends_with(port)) {
    out += authority.substr(0, authority.size() - port.size());
  } else if (authority.find(':') == std::string_view::npos) {
    out += authority;
    out += port;
  } else {
    return {};
  }
  out += rest;
  return out;
}

bool matches(const std::string& auth_token, std::string_view url,
             const std::vector<std::pair<std::string, std::string>>& form,
             std::string_view signature) {
  if (auth_token.empty() || signature.empty()) return false;
  const std::string given(signature);
  if (constant_time_equal(base64_encode(hmac_sha1(auth_token, signed_string(url, form))), given))
    return true;
  const std::string other = other_port_form(url);
  return !other.empty() &&
         constant_time_equal(base64_encode(hmac_sha1(auth_token, signed_string(other, form))),
                             given);
}

}  // namespace

std::vector<DeliveryEvent> parse_twilio(std::string_view form_body,
                                        const std::map<std::string, std::string>& query) {
  const auto form = detail::parse_form(form_body);
  DeliveryEvent e;
  e.provider_message_id = value_of(form, "MessageSid");
  if (e.provider_message_id.empty()) e.provider_message_id = value_of(form, "SmsSid");
  if (e.provider_message_id.empty()) throw bad_request("MessageSid is missing", "MessageSid");
  std::string status = value_of(form, "MessageStatus");
  if (status.empty()) status = value_of(form, "SmsStatus");
  if (status.empty()) throw bad_request("MessageStatus is missing", "MessageStatus");
  if (const auto id = query.find("id"); id != query.end()) e.herald_id = id->second;
  e.recipient = value_of(form, "To");

  if (status == "accepted" || status == "scheduled" || status == "queued") {
    e.type = "queued";
  } else if (status == "sending" || status == "sent") {
    e.type = "sent";
  } else if (status == "delivered") {
    e.type = "delivered";
  } else if (status == "read") {
    e.type = "opened";
  } else if (status == "undelivered" || status == "failed" || status == "canceled") {
    e.type = status == "undelivered" ? "undelivered" : "failed";
  } else {
    return {};  // receiving / received: inbound, not ours to track
  }
  e.detail = "Twilio status: " + status;

  const bool failure = e.type == "undelivered" || e.type == "failed";
  const std::string code = value_of(form, "ErrorCode");
  if (!code.empty() && code != "0") {
    e.provider_error_code = code;
    const bool numeric =
        std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!numeric) throw bad_request("ErrorCode must be a number", "ErrorCode");
    const TwilioError* err = find_twilio_error(std::atoi(code.c_str()));
    e.detail = err == nullptr ? "Twilio error " + code
                              : std::string(err->meaning) + " (Twilio error " + code + ": " +
                                    std::string(err->name) + ")";
    // A code on a message that went through is a warning, not a reason it failed.
    if (failure) {
      e.reason = err == nullptr ? "undefined" : std::string(err->reason);
      e.hard_bounce = domain::is_hard_reason(e.reason);
    }
  } else if (failure) {
    e.reason = "undefined";
  }
  return {e};
}

bool verify_twilio_signature(const std::string& auth_token, std::string_view url,
                             std::string_view form_body, std::string_view signature) {
  return matches(auth_token, url, detail::parse_form(form_body), signature);
}

bool verify_twilio_json_signature(const std::string& auth_token, std::string_view url,
                                  std::string_view body, std::string_view signature) {
  const auto q = url.find('?');
  if (q == std::string_view::npos) return false;
  std::string stated;
  for (const auto& [k, v] : detail::parse_form(url.substr(q + 1)))
    if (k == "bodySHA256") stated = v;
  if (stated.empty() || !constant_time_equal(stated, sha256_hex(std::string(body)))) return false;
  return matches(auth_token, url, {}, signature);
}

}  // namespace herald::providers
