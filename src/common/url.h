#pragma once
// Percent-encoding of URL components and query strings (RFC 3986), shared by the HTTP server,
// the pages and the providers that build callback URLs.
#include <map>
#include <string>
#include <string_view>

namespace herald {

std::string url_decode(std::string_view s, bool plus_is_space = true);
// Everything but unreserved characters is percent-encoded.
std::string url_encode(std::string_view s);
std::map<std::string, std::string> parse_query(std::string_view qs);
// Appends "name=value" (the value encoded) to a query string or form body, '&'-separated.
void append_param(std::string& query, std::string_view name, std::string_view value);

}  // namespace herald
