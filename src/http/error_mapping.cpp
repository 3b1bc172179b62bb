#include "http/error_mapping.h"

#include <spdlog/spdlog.h>

namespace herald::http {

bhttp::status status_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request:
      return bhttp::status::bad_request;
    // The contract answers an oversized body with 400 naming the field "body".
    case ErrorCode::payload_too_large:
      return bhttp::status::bad_request;
    case ErrorCode::unauthorized:
      return bhttp::status::unauthorized;
    case ErrorCode::not_found:
      return bhttp::status::not_found;
    case ErrorCode::method_not_allowed:
      return bhttp::status::method_not_allowed;
    case ErrorCode::conflict:
      return bhttp::status::conflict;
    case ErrorCode::unavailable:
    case ErrorCode::storage_unavailable:
      return bhttp::status::service_unavailable;
    case ErrorCode::internal:
      return bhttp::status::internal_server_error;
  }
  return bhttp::status::internal_server_error;
}

Response error_response(const Error& error, const Request& req) {
  auto status = status_of(error.code());
  nlohmann::json body = {{"error", error.what()}};
  if (!error.field().empty()) body["field"] = error.field();
  // A machine-readable name, so that a client can tell "try again later" from a fault.
  if (error.code() == ErrorCode::storage_unavailable) body["code"] = "storage_unavailable";
  if (static_cast<int>(status) >= 500)
    spdlog::error("http: {} {} -> {}: {} ({})", std::string(req.raw.method_string()), req.path,
                  static_cast<int>(status), error.what(), error.detail());
  else
    spdlog::info("http: {} {} -> {}: {}{}", std::string(req.raw.method_string()), req.path,
                 static_cast<int>(status), error.what(),
                 error.field().empty() ? "" : " [field " + error.field() + "]");
  auto res = json_response(status, body);
  if (error.code() == ErrorCode::unauthorized) res.set(bhttp::field::www_authenticate, "Bearer");
  if (error.code() == ErrorCode::storage_unavailable)
    res.set(bhttp::field::retry_after, std::to_string(kStorageRetryAfterSeconds));
  return res;
}

Response error_response(std::exception_ptr error, const Request& req) {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    return error_response(e, req);
  } catch (const nlohmann::json::exception& e) {
    return error_response(Error(ErrorCode::bad_request, "invalid JSON value", "body", e.what()),
                          req);
  } catch (const std::exception& e) {
    return error_response(internal_error(e.what()), req);
  } catch (...) {
    return error_response(internal_error("unknown exception"), req);
  }
}

}  // namespace herald::http
