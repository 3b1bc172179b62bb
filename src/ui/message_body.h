#pragma once
#include "http/message.h"
#include "store/records.h"

namespace herald::ui {

// The stored HTML (or the text / SMS, escaped) as a document of its own, answered with
// CSP "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:": no script runs
// and nothing remote loads (no tracking pixel), even when opened outside the page's iframe.
http::Response sandboxed_body(const store::MessageRow& m, const store::MessageContent& c);

}  // namespace herald::ui
