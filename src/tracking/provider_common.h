#pragma once
// Helpers shared by the provider parsers (not part of the public interface).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tracking/delivery_event.h"

namespace herald::tracking::detail {

// Parses a JSON body; throws bad_request("body") when it is not JSON.
nlohmann::json parse_json_body(std::string_view body);

// The member `key` of an object, which must be an object (bad_request(field) otherwise).
const nlohmann::json& object_at(const nlohmann::json& obj, const char* key, const char* field);
// A member as text: strings as they are, numbers printed, absent/null as "". Arrays and
// objects are malformed: bad_request(field).
std::string text(const nlohmann::json& obj, const char* key, const char* field);
// Like text(), but absent or empty is malformed too.
std::string required_text(const nlohmann::json& obj, const char* key, const char* field);

// "<id@domain>" -> id when id is a Herald id (a ULID), else "".
std::string herald_id_from_message_id(std::string_view message_id);
std::string strip_angles(std::string_view s);

// RFC 3339 -> Unix ms; 0 when absent or unreadable.
std::int64_t rfc3339_ms(const std::string& s);
// Unix seconds, possibly fractional (1521243339.873676) -> ms; 0 when absent.
std::int64_t unix_seconds_ms(const nlohmann::json& v);

// Fills smtp_code, enhanced_code and reason from a receiving server's reply as a provider
// quotes it ("smtp; 550 5.1.1 user unknown"). `status` / `code` are the values the provider
// states separately (may be empty / 0). The reason stays empty for a 2xx answer.
void apply_smtp(DeliveryEvent& e, std::string_view reply, std::string_view status = {},
                int code = 0);

// application/x-www-form-urlencoded, in order, repeated names kept.
std::vector<std::pair<std::string, std::string>> parse_form(std::string_view body);

}  // namespace herald::tracking::detail
