#include "http/message.h"

namespace herald::http {

std::string Request::header(bhttp::field f) const {
  auto it = raw.find(f);
  return it == raw.end() ? std::string() : std::string(it->value());
}

std::string Request::header(const std::string& name) const {
  auto it = raw.find(name);
  return it == raw.end() ? std::string() : std::string(it->value());
}

std::string Request::param(const std::string& name) const {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

std::string Request::query_value(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? std::string() : it->second;
}

Request Request::summary() const {
  Request out;
  out.raw.method(raw.method());
  out.raw.target(raw.target());
  out.path = path;
  out.remote = remote;
  return out;
}

Response json_response(bhttp::status status, const nlohmann::json& body) {
  return text_response(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json");
}

Response text_response(bhttp::status status, std::string body, const std::string& content_type) {
  Response res{status, 11};
  res.set(bhttp::field::content_type, content_type);
  res.set(bhttp::field::server, "herald");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

}  // namespace herald::http
