#pragma once
// Typed errors. What a client sees (public_message, field) is kept apart from what is
// logged (detail); src/http/error_mapping.cpp is the one place that maps codes to HTTP.
#include <stdexcept>
#include <string>

namespace herald {

enum class ErrorCode {
  bad_request,   // malformed input; names the field
  unauthorized,  // missing or wrong credentials
  not_found,     // no such object in this store
  method_not_allowed,
  conflict,  // uniqueness violated
  payload_too_large,
  unavailable,  // a dependency (database, relay) does not answer
  // The database cannot write (disk full, read-only, I/O error): nothing was stored; a retry
  // may succeed once an operator frees space. Answered 503 with Retry-After.
  storage_unavailable,
  internal,
};

class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, std::string public_message, std::string field = {}, std::string detail = {})
      : std::runtime_error(public_message),
        code_(code),
        field_(std::move(field)),
        detail_(std::move(detail)) {}

  ErrorCode code() const { return code_; }
  const std::string& field() const { return field_; }
  // For logs only: may hold internals (SQL, paths) that a client must not see.
  const std::string& detail() const { return detail_; }

 private:
  ErrorCode code_;
  std::string field_;
  std::string detail_;
};

inline Error bad_request(std::string message, std::string field) {
  return Error(ErrorCode::bad_request, std::move(message), std::move(field));
}
inline Error not_found(std::string what) {
  return Error(ErrorCode::not_found, what + " not found");
}
// Whether a retry later may succeed: the database (busy, or unable to write) or a dependency.
inline bool is_transient(ErrorCode code) {
  return code == ErrorCode::unavailable || code == ErrorCode::storage_unavailable;
}
inline Error internal_error(std::string detail) {
  return Error(ErrorCode::internal, "internal error", {}, std::move(detail));
}

}  // namespace herald
