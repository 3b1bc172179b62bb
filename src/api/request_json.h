#pragma once
// Reading JSON request bodies with errors that name the field.
#include <nlohmann/json.hpp>
#include <string>

namespace herald::api {

nlohmann::json parse_body_object(const std::string& body);
// Optional string member; throws bad_request(field) when present but not a string.
std::string string_field(const nlohmann::json& obj, const char* key,
                         const std::string& fallback = {});
bool bool_field(const nlohmann::json& obj, const char* key, bool fallback);
int int_field(const nlohmann::json& obj, const char* key, int fallback, int min, int max);

}  // namespace herald::api
