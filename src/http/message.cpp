#include "http/message.h"

#include <spdlog/spdlog.h>

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

int drop_unsafe_headers(Response& res) {
  int dropped = 0;
  for (auto it = res.begin(); it != res.end();) {
    if (it->value().find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos) {
      ++it;
      continue;
    }
    spdlog::error("http: dropped the {} header of a {} answer: its value holds CR, LF or NUL",
                  std::string(it->name_string()), res.result_int());
    it = res.erase(it);
    ++dropped;
  }
  return dropped;
}

}  // namespace herald::http
