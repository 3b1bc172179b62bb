#include "oms/curl_http_client.h"

#include <curl/curl.h>

#include <mutex>
#include <vector>

#include "common/curl_global.h"
#include "oms/connector.h"

namespace herald::oms {

namespace {
// An answer larger than this is cut off and counts as a fault (a stock page is far smaller).
constexpr std::size_t kMaxAnswerBytes = 8 * 1024 * 1024;
constexpr std::size_t kIdleHandles = 8;

struct Sink {
  std::string body;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t n = size * count;
  if (sink->body.size() + n > kMaxAnswerBytes) return 0;
  sink->body.append(data, n);
  return n;
}

FaultKind fault_of(CURLcode rc) {
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      return FaultKind::timeout;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return FaultKind::refused;
    default:
      return FaultKind::server_error;
  }
}

class CurlHttpClient final : public HttpClient {
 public:
  explicit CurlHttpClient(long timeout_ms) : timeout_ms_(timeout_ms) { ensure_curl_initialized(); }
  ~CurlHttpClient() override {
    for (CURL* c : idle_) curl_easy_cleanup(c);
  }

  HttpAnswer send(const HttpCall& call) override {
    CURL* c = take();
    struct Return {
      CurlHttpClient* self;
      CURL* c;
      ~Return() { self->give_back(c); }
    } returned{this, c};
    curl_easy_reset(c);
    Sink sink;
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : call.headers)
      headers = curl_slist_append(headers, (name + ": " + value).c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_list(headers, curl_slist_free_all);
    curl_easy_setopt(c, CURLOPT_URL, call.url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms_);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    if (call.method == "POST") {
      curl_easy_setopt(c, CURLOPT_POST, 1L);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, call.body.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(call.body.size()));
    } else if (call.method != "GET") {
      curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, call.method.c_str());
    }
    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK)
      throw OmsFault(fault_of(rc), 0,
                     call.method + " " + call.url.substr(0, call.url.find('?')) + ": " +
                         (rc == CURLE_OPERATION_TIMEDOUT
                              ? "timed out: no answer within " + std::to_string(timeout_ms_) + " ms"
                              : std::string(curl_easy_strerror(rc))));
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    return {static_cast<int>(status), std::move(sink.body)};
  }

 private:
  CURL* take() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        CURL* c = idle_.back();
        idle_.pop_back();
        return c;
      }
    }
    CURL* c = curl_easy_init();
    if (!c) throw OmsFault(FaultKind::server_error, 0, "curl_easy_init failed");
    return c;
  }
  void give_back(CURL* c) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kIdleHandles) {
      idle_.push_back(c);
      return;
    }
    curl_easy_cleanup(c);
  }

  long timeout_ms_;
  std::mutex mutex_;
  std::vector<CURL*> idle_;
};
}  // namespace

std::unique_ptr<HttpClient> make_curl_http_client(long timeout_ms) {
  return std::make_unique<CurlHttpClient>(timeout_ms);
}

}  // namespace herald::oms
