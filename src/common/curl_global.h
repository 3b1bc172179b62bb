#pragma once
// What every libcurl user shares: the global set-up, once per process before the first easy
// handle, and the write callback that keeps an answer's body.
#include <cstddef>
#include <string>

namespace herald {

// Thread-safe; cheap after the first call.
void ensure_curl_initialized();

// CURLOPT_WRITEFUNCTION with a std::string* as CURLOPT_WRITEDATA: appends the body to it.
std::size_t curl_append_to_string(char* data, std::size_t size, std::size_t count, void* string);

// Performs the request on `curl` (a CURL* whose write function is curl_append_to_string) with
// the answer's body going into `body`. Returns "" on success, else why the transfer failed
// (libcurl's text and its error buffer), for a caller that treats that as a network error.
std::string curl_perform_into(void* curl, std::string& body);

}  // namespace herald
