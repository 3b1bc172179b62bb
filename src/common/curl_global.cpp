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

}  // namespace herald
