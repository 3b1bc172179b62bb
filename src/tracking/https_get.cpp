#include "tracking/https_get.h"

#include <curl/curl.h>

#include <memory>

#include "common/curl_global.h"
#include "common/error.h"

namespace herald::tracking {

namespace {
struct Sink {
  std::string body;
  size_t limit = 0;
};

size_t collect(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t n = size * count;
  if (sink->body.size() + n > sink->limit) return 0;  // too big: abort the transfer
  sink->body.append(data, n);
  return n;
}
}  // namespace

HttpGet curl_http_get(long max_bytes) {
  return [max_bytes](const std::string& url) {
    ensure_curl_initialized();
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) throw Error(ErrorCode::internal, "cannot fetch", "", "curl_easy_init failed");
    Sink sink{"", static_cast<size_t>(max_bytes)};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    const CURLcode rc = curl_easy_perform(c);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK || status < 200 || status > 299)
      throw Error(ErrorCode::unavailable, "a provider URL could not be fetched", "",
                  url + ": " +
                      (rc != CURLE_OK ? curl_easy_strerror(rc) : "HTTP " + std::to_string(status)));
    return sink.body;
  };
}

}  // namespace herald::tracking
