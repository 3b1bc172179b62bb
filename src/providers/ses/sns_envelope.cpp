// The SNS envelope around SES events: parsing, signature, and which URLs belong to SNS.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cctype>
#include <memory>

#include "common/error.h"
#include "providers/ses/ses_events.h"
#include "tracking/codec.h"
#include "tracking/provider_common.h"

namespace herald::providers {
using namespace tracking;  // the callback helpers and codecs all parsers share

namespace {

using nlohmann::json;

// The host of an https URL without user info or port, lower case; empty if not such a URL.
std::string https_host(std::string_view url, std::string_view& rest) {
  constexpr std::string_view kScheme = "https://";
  if (url.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(url[i])) != kScheme[i]) return {};
  url.remove_prefix(kScheme.size());
  const auto end = url.find_first_of("/?#");
  const std::string_view authority = url.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : url.substr(end);
  std::string host;
  for (char c : authority) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && c != '.' && c != '-') return {};  // '@', ':', '%'...
    host += static_cast<char>(std::tolower(u));
  }
  return host;
}

// sns.<region>.amazonaws.com or sns.<region>.amazonaws.com.cn
bool is_sns_host(const std::string& host) {
  std::string_view h = host;
  if (!h.starts_with("sns.")) return false;
  h.remove_prefix(4);
  if (h.ends_with(".amazonaws.com.cn")) {
    h.remove_suffix(17);
  } else if (h.ends_with(".amazonaws.com")) {
    h.remove_suffix(14);
  } else {
    return false;
  }
  if (h.empty()) return false;
  for (char c : h)
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)) && c != '-')
      return false;
  return true;
}

std::string string_to_sign(const json& msg) {
  const std::string type = msg.value("Type", "");
  static const char* const kNotification[] = {"Message",   "MessageId", "Subject",
                                              "Timestamp", "TopicArn",  "Type"};
  static const char* const kConfirmation[] = {"Message", "MessageId", "SubscribeURL", "Timestamp",
                                              "Token",   "TopicArn",  "Type"};
  std::string out;
  auto add = [&](const char* key, bool optional) {
    const auto it = msg.find(key);
    if (it == msg.end() || it->is_null()) {
      if (optional) return true;
      return false;
    }
    if (!it->is_string()) return false;
    out += key;
    out += '\n';
    out += it->get<std::string>();
    out += '\n';
    return true;
  };
  if (type == "Notification") {
    for (const char* k : kNotification)
      if (!add(k, std::string_view(k) == "Subject")) return {};
  } else if (type == "SubscriptionConfirmation" || type == "UnsubscribeConfirmation") {
    for (const char* k : kConfirmation)
      if (!add(k, false)) return {};
  }
  return out;
}

}  // namespace

SnsEnvelope parse_sns(std::string_view body, std::string_view message_type_header) {
  SnsEnvelope env;
  env.json = detail::parse_json_body(body);
  if (!env.json.is_object()) throw bad_request("the body must be a JSON object", "body");
  env.type = detail::required_text(env.json, "Type", "Type");
  if (env.type != "Notification" && env.type != "SubscriptionConfirmation" &&
      env.type != "UnsubscribeConfirmation")
    throw bad_request("unknown SNS message type", "Type");
  if (!message_type_header.empty() && message_type_header != env.type)
    throw bad_request("x-amz-sns-message-type does not match Type", "x-amz-sns-message-type");
  env.message_id = detail::required_text(env.json, "MessageId", "MessageId");
  env.topic_arn = detail::text(env.json, "TopicArn", "TopicArn");
  env.message = detail::text(env.json, "Message", "Message");
  env.subscribe_url = detail::text(env.json, "SubscribeURL", "SubscribeURL");
  env.signing_cert_url = detail::text(env.json, "SigningCertURL", "SigningCertURL");
  if (env.type != "Notification" && env.subscribe_url.empty())
    throw bad_request("SubscribeURL is missing", "SubscribeURL");
  return env;
}

bool verify_sns_signature(const json& msg, const std::string& cert_pem) {
  if (!msg.is_object()) return false;
  const std::string version = msg.value("SignatureVersion", "");
  const EVP_MD* md = version == "1" ? EVP_sha1() : version == "2" ? EVP_sha256() : nullptr;
  if (md == nullptr) return false;
  const auto sig_it = msg.find("Signature");
  if (sig_it == msg.end() || !sig_it->is_string()) return false;
  const auto signature = base64_decode(sig_it->get<std::string>());
  const std::string canonical = string_to_sign(msg);
  if (!signature || signature->empty() || canonical.empty()) return false;

  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size())), BIO_free);
  if (!bio) return false;
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  if (!cert) return false;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(X509_get_pubkey(cert.get()),
                                                          EVP_PKEY_free);
  if (!key || EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                          signature->size(),
                          reinterpret_cast<const unsigned char*>(canonical.data()),
                          canonical.size()) == 1;
}

bool is_trusted_sns_url(std::string_view url) {
  std::string_view rest;
  return is_sns_host(https_host(url, rest));
}

bool is_trusted_sns_cert_url(std::string_view url) {
  std::string_view path;
  if (!is_sns_host(https_host(url, path))) return false;
  constexpr std::string_view kPrefix = "/SimpleNotificationService-";
  if (!path.starts_with(kPrefix) || !path.ends_with(".pem")) return false;
  const std::string_view name = path.substr(kPrefix.size(), path.size() - kPrefix.size() - 4);
  if (name.empty()) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

}  // namespace herald::providers
