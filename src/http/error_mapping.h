#pragma once
// The one place where errors become HTTP answers: {"error": public text, "field": ...}.
// Internals (Error::detail, exception texts) go to the log only.
#include <exception>

#include "common/error.h"
#include "http/message.h"

namespace herald::http {

// Retry-After of a 503 while the database cannot write (and of /healthz meanwhile).
constexpr int kStorageRetryAfterSeconds = 5;

bhttp::status status_of(ErrorCode code);
Response error_response(std::exception_ptr error, const Request& req);
Response error_response(const Error& error, const Request& req);

}  // namespace herald::http
