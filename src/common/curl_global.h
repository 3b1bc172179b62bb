#pragma once
// What every libcurl user shares: the global set-up, once per process before the first easy
// handle, and the write callback that keeps an answer's body.
#include <cstddef>

namespace herald {

// Thread-safe; cheap after the first call.
void ensure_curl_initialized();

// CURLOPT_WRITEFUNCTION with a std::string* as CURLOPT_WRITEDATA: appends the body to it.
std::size_t curl_append_to_string(char* data, std::size_t size, std::size_t count, void* string);

}  // namespace herald
