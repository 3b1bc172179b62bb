#include "common/curl_global.h"

#include <curl/curl.h>

#include <mutex>
#include <string>

namespace herald {

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t curl_append_to_string(char* data, std::size_t size, std::size_t count, void* string) {
  static_cast<std::string*>(string)->append(data, size * count);
  return size * count;
}

std::string curl_perform_into(void* curl, std::string& body) {
  char error[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  const CURLcode rc = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
  if (rc == CURLE_OK) return {};
  std::string why = curl_easy_strerror(rc);
  if (error[0] != '\0') why += std::string(": ") + error;
  return why;
}

}  // namespace herald
