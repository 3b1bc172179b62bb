#include "providers/kannel/kannel_transport.h"

#include <curl/curl.h>

#include <stdexcept>

#include "common/curl_global.h"
#include "common/url.h"
#include "delivery/gsm7.h"

namespace herald::providers {

namespace {

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

CURL* handle(void* p) {
  return static_cast<CURL*>(p);
}

}  // namespace

std::string kannel_query(const KannelConfig& config, const delivery::OutgoingSms& sms) {
  std::string q;
  append_param(q, "username", config.username);
  append_param(q, "password", config.password);
  if (!sms.from.empty()) append_param(q, "from", sms.from);
  append_param(q, "to", sms.to);
  append_param(q, "text", sms.text);
  append_param(q, "charset", "UTF-8");
  if (!delivery::is_gsm7(sms.text)) append_param(q, "coding", "2");
  if (!sms.dlr_url.empty()) {
    append_param(q, "dlr-mask", "31");
    append_param(q, "dlr-url", sms.dlr_url);
  }
  return q;
}

CurlKannelTransport::CurlKannelTransport(KannelConfig config) : config_(std::move(config)) {
  ensure_curl_initialized();
  curl_ = curl_easy_init();
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
  curl_easy_setopt(handle(curl_), CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(handle(curl_), CURLOPT_TIMEOUT_MS, config_.timeout_ms);
  curl_easy_setopt(handle(curl_), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle(curl_), CURLOPT_WRITEFUNCTION, curl_append_to_string);
}

CurlKannelTransport::~CurlKannelTransport() {
  curl_easy_cleanup(handle(curl_));
}

domain::RecipientResult CurlKannelTransport::send(const delivery::OutgoingSms& sms) {
  domain::RecipientResult r;
  r.address = sms.to;
  const std::string url = config_.url + (config_.url.find('?') == std::string::npos ? "?" : "&") +
                          kannel_query(config_, sms);
  std::string body;
  CURL* curl = handle(curl_);
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  const std::string failure = curl_perform_into(curl, body);

  if (!failure.empty()) {
    // Refused, or closed without an answer: smsbox is not running, or it took the request
    // before it had connected to bearerbox (it then stops without answering). Nothing was
    // accepted, so the SMS waits for its next attempt.
    r.outcome = domain::Outcome::deferred;
    r.reason = "networkerror";
    r.detail = "no answer from Kannel's sendsms (" + failure +
               "): smsbox is down or not yet connected to bearerbox; tried again later";
    return r;
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  r.smtp_code = static_cast<int>(status);
  r.detail = trim(body);
  if (status == 200 || status == 202) {
    r.outcome = domain::Outcome::sent;
  } else if (status >= 500) {
    r.outcome = domain::Outcome::deferred;
    r.reason = "networkerror";
  } else {
    r.outcome = domain::Outcome::failed;
    if (status < 400) r.detail = "unexpected HTTP " + std::to_string(status) + ": " + r.detail;
  }
  return r;
}

}  // namespace herald::providers
