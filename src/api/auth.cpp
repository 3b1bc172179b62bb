#include "api/auth.h"

#include "common/error.h"
#include "common/ids.h"

namespace herald::api {

void verify_webhook_signature(const http::Request& req, const store::StoreRecord& store) {
  if (store.webhook_secret.empty()) return;
  const std::string given = req.header("X-Herald-Signature");
  const std::string expected = "sha256=" + hmac_sha256_hex(store.webhook_secret, req.body());
  if (given.empty())
    throw Error(ErrorCode::unauthorized, "missing X-Herald-Signature", "X-Herald-Signature");
  if (!constant_time_equal(given, expected))
    throw Error(ErrorCode::unauthorized, "bad X-Herald-Signature", "X-Herald-Signature");
}

}  // namespace herald::api
