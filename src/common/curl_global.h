#pragma once
// libcurl's global state is set up once per process, before the first easy handle.

namespace herald {

// Thread-safe; cheap after the first call.
void ensure_curl_initialized();

}  // namespace herald
