#pragma once
// A small HTTP(S) GET for what callbacks point at (the SNS signing certificate, an SNS
// SubscribeURL). Injected as a function so tests can stand in for the network.
#include <functional>
#include <string>

namespace herald::tracking {

// Returns the body of a 2xx answer; throws herald::Error(unavailable) otherwise.
using HttpGet = std::function<std::string(const std::string& url)>;

// libcurl: HTTPS with peer verification, no redirects, 5 s timeout, at most `max_bytes`.
HttpGet curl_http_get(long max_bytes = 64 * 1024);

}  // namespace herald::tracking
