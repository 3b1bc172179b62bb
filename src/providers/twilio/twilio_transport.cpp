#include "providers/twilio/twilio_transport.h"

#include <curl/curl.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/curl_global.h"
#include "common/json_read.h"
#include "common/url.h"
#include "domain/reasons.h"
#include "providers/twilio/twilio_errors.h"

namespace herald::providers {

namespace {

CURL* handle(void* p) {
  return static_cast<CURL*>(p);
}

// Twilio's error answer: {"code": 21211, "message": "...", "more_info": "...", "status": 400}.
void apply_error(domain::RecipientResult& r, const std::string& body) {
  const auto j = read_json_or_discarded(body);
  int code = 0;
  std::string message;
  if (j.is_object()) {
    if (j.contains("code") && j["code"].is_number_integer()) code = j["code"].get<int>();
    if (j.contains("message") && j["message"].is_string())
      message = j["message"].get<std::string>();
  }
  if (code == 0) {
    r.detail = body;
    return;
  }
  const TwilioError* known = find_twilio_error(code);
  r.detail = "Twilio error " + std::to_string(code) + ": " + message;
  if (known != nullptr) {
    r.detail += " (" + std::string(known->meaning) + ")";
    r.reason = known->reason;
    if (domain::is_hard_reason(r.reason) && r.outcome == domain::Outcome::failed)
      r.outcome = domain::Outcome::bounced;
  }
}

}  // namespace

std::string twilio_form(const TwilioConfig& config, const delivery::OutgoingSms& sms) {
  std::string form;
  append_param(form, "To", sms.to);
  const std::string& from = config.from.empty() ? sms.from : config.from;
  if (from.starts_with("MG")) {
    append_param(form, "MessagingServiceSid", from);
  } else {
    append_param(form, "From", from);
  }
  append_param(form, "Body", sms.text);
  std::string callback = sms.dlr_url;
  if (callback.empty() && !config.status_callback_base.empty())
    callback = config.status_callback_base +
               (config.status_callback_base.find('?') == std::string::npos ? "?" : "&") +
               "id=" + url_encode(sms.herald_id);
  if (!callback.empty()) append_param(form, "StatusCallback", callback);
  return form;
}

CurlTwilioTransport::CurlTwilioTransport(TwilioConfig config) : config_(std::move(config)) {
  ensure_curl_initialized();
  curl_ = curl_easy_init();
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
  CURL* curl = handle(curl_);
  const std::string url =
      config_.api_base + "/2010-04-01/Accounts/" + config_.account_sid + "/Messages.json";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());  // libcurl copies the string
  curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
  curl_easy_setopt(curl, CURLOPT_USERNAME, config_.account_sid.c_str());
  curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.auth_token.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, config_.timeout_ms);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, curl_append_to_string);
}

CurlTwilioTransport::~CurlTwilioTransport() {
  curl_easy_cleanup(handle(curl_));
}

domain::RecipientResult CurlTwilioTransport::send(const delivery::OutgoingSms& sms) {
  domain::RecipientResult r;
  r.address = sms.to;
  const std::string form = twilio_form(config_, sms);
  std::string body;
  CURL* curl = handle(curl_);
  // No "Expect: 100-continue": a long text would otherwise wait for the server's go-ahead.
  curl_slist* headers = curl_slist_append(nullptr, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, form.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(form.size()));
  const std::string failure = curl_perform_into(curl, body);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);

  if (!failure.empty()) {
    r.outcome = domain::Outcome::deferred;
    r.reason = "networkerror";
    r.detail = failure;
    return r;
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  r.smtp_code = static_cast<int>(status);
  if (status == 200 || status == 201) {
    const auto j = read_json_or_discarded(body);
    if (j.is_object() && j.contains("sid") && j["sid"].is_string()) {
      r.outcome = domain::Outcome::sent;
      r.detail = j["sid"].get<std::string>();
    } else {
      r.outcome = domain::Outcome::failed;
      r.detail = "Twilio answered " + std::to_string(status) + " without a message sid";
    }
  } else if (status == 429 || status >= 500) {
    r.outcome = domain::Outcome::deferred;
    r.reason = status == 429 ? "speeding" : "systemerror";
    apply_error(r, body);
  } else {
    r.outcome = domain::Outcome::failed;
    apply_error(r, body);
    if (status < 400) r.detail = "unexpected HTTP " + std::to_string(status) + ": " + r.detail;
  }
  return r;
}

}  // namespace herald::providers
