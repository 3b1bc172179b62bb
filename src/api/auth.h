#pragma once
// Webhook signatures of events posted by a store (X-Herald-Signature).
#include <string>

#include "http/message.h"
#include "store/records.h"

namespace herald::api {

// When the store has a webhook secret, X-Herald-Signature: sha256=<hex HMAC of the raw body>
// must match. Throws Error(unauthorized) otherwise.
void verify_webhook_signature(const http::Request& req, const store::StoreRecord& store);

}  // namespace herald::api
