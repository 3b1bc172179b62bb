#include "api/request_json.h"

#include "common/error.h"
#include "common/json_read.h"

namespace herald::api {

nlohmann::json parse_body_object(const std::string& body) {
  auto j = read_json(body);
  if (!j.is_object()) throw bad_request("the body must be a JSON object", "body");
  return j;
}

std::string string_field(const nlohmann::json& obj, const char* key, const std::string& fallback) {
  if (!obj.contains(key) || obj.at(key).is_null()) return fallback;
  if (!obj.at(key).is_string()) throw bad_request(std::string(key) + " must be a string", key);
  return obj.at(key).get<std::string>();
}

bool bool_field(const nlohmann::json& obj, const char* key, bool fallback) {
  if (!obj.contains(key) || obj.at(key).is_null()) return fallback;
  if (!obj.at(key).is_boolean())
    throw bad_request(std::string(key) + " must be true or false", key);
  return obj.at(key).get<bool>();
}

int int_field(const nlohmann::json& obj, const char* key, int fallback, int min, int max) {
  if (!obj.contains(key) || obj.at(key).is_null()) return fallback;
  const auto& v = obj.at(key);
  if (!v.is_number_integer() || v.get<long long>() < min || v.get<long long>() > max)
    throw bad_request(std::string(key) + " must be an integer from " + std::to_string(min) +
                          " to " + std::to_string(max),
                      key);
  return v.get<int>();
}

}  // namespace herald::api
