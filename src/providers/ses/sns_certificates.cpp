#include "providers/ses/sns_certificates.h"

#include "common/error.h"
#include "providers/ses/ses_events.h"

namespace herald::providers {
using namespace tracking;  // the callback helpers and codecs all parsers share

std::string SnsCertificates::pem_for(const std::string& url) {
  if (!pinned_.empty()) return pinned_;
  if (!is_trusted_sns_cert_url(url))
    throw Error(ErrorCode::unauthorized, "SigningCertURL is not an Amazon SNS certificate URL",
                "SigningCertURL", url);
  {
    std::lock_guard lock(mutex_);
    if (auto it = fetched_.find(url); it != fetched_.end()) return it->second;
  }
  std::string pem = get_(url);  // outside the lock: a slow fetch must not stall other callbacks
  if (pem.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
    throw Error(ErrorCode::unavailable, "the SNS signing certificate could not be read", "",
                url + " did not answer with a PEM certificate");
  std::lock_guard lock(mutex_);
  if (fetched_.size() > 64) fetched_.clear();  // bounded: SNS rotates certificates rarely
  return fetched_.emplace(url, std::move(pem)).first->second;
}

}  // namespace herald::providers
