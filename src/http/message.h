#pragma once
// HTTP request/response as the handlers see them, on top of Boost.Beast.
#include <boost/beast/http.hpp>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "common/url.h"

namespace herald::http {

namespace bhttp = boost::beast::http;
using BeastRequest = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

struct Request {
  BeastRequest raw;
  std::string path;                           // without the query string
  std::map<std::string, std::string> query;   // decoded
  std::map<std::string, std::string> params;  // from the route pattern, e.g. {id}
  std::string remote;                         // peer address, for logs

  std::string header(bhttp::field f) const;
  std::string header(const std::string& name) const;
  const std::string& body() const { return raw.body(); }
  std::string param(const std::string& name) const;
  std::string query_value(const std::string& name) const;  // empty when absent
  // Method, path and peer without headers or body: enough to log an answer given later.
  Request summary() const;
};

// Called once per request, from any thread.
using Respond = std::function<void(Response)>;

Response json_response(bhttp::status status, const nlohmann::json& body);
Response text_response(bhttp::status status, std::string body, const std::string& content_type);

// Removes (and logs) every header whose value holds a CR, LF or NUL: written out, such a value
// would end its header and start others of the client's choosing. Every routed answer passes
// through here before it is sent; returns how many were removed.
int drop_unsafe_headers(Response& res);

using herald::parse_query;
using herald::url_decode;
using herald::url_encode;

}  // namespace herald::http
