#pragma once
// Text that came from outside (a relay's reply, a bounce's diagnostic, a gateway's report) as
// UTF-8, so that every backend can store it as text: PostgreSQL's text holds neither bytes
// that are not UTF-8 nor NUL.
#include <string>
#include <string_view>

namespace herald {

// Whether `text` is UTF-8 (RFC 3629: no overlong forms, no surrogates) without a NUL.
bool is_utf8_text(std::string_view text);

// `text` unchanged when is_utf8_text; else each valid UTF-8 sequence is kept and every other
// byte is read as Windows-1252, as a browser reads 8-bit mail that names no charset (a NUL
// becomes U+FFFD).
std::string utf8_text(std::string text);

}  // namespace herald
