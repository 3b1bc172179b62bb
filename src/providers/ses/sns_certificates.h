#pragma once
// Where the certificate that checks an SNS signature comes from: a file the operator pinned
// in the configuration, or the message's SigningCertURL — fetched over HTTPS, only from an SNS
// host, and kept (certificates change rarely; each URL names one).
#include <map>
#include <mutex>
#include <string>

#include "tracking/https_get.h"

namespace herald::providers {

class SnsCertificates {
 public:
  // With a pinned PEM, that certificate is used whatever the message names.
  explicit SnsCertificates(tracking::HttpGet get, std::string pinned_pem = {})
      : get_(std::move(get)), pinned_(std::move(pinned_pem)) {}

  // The PEM for a message signed with the certificate at `url`. Throws Error(unauthorized)
  // for a URL that is not an SNS certificate URL, Error(unavailable) when it cannot be fetched.
  std::string pem_for(const std::string& url);

 private:
  tracking::HttpGet get_;
  std::string pinned_;
  std::mutex mutex_;
  std::map<std::string, std::string> fetched_;
};

}  // namespace herald::providers
