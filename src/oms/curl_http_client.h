#pragma once
// The real HttpClient: libcurl, with easy handles kept in a pool so that connections to the
// OMS are reused across calls and threads.
#include <memory>

#include "oms/http_client.h"

namespace herald::oms {

// Every call times out after `timeout_ms` ([oms] timeout_seconds, 10 s by default), connecting
// included.
std::unique_ptr<HttpClient> make_curl_http_client(long timeout_ms = 10000);

}  // namespace herald::oms
