#include <nlohmann/json.hpp>

#include "bounce/bounce.h"

namespace herald::bounce {

namespace {

bool needs_escaping(std::string_view s) {
  for (const char c : s)
    if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') return true;
  return false;
}

// One JSON string. Printable ASCII is copied as it is; anything else is escaped by nlohmann:
// reports carry text in any charset, and invalid UTF-8 is replaced rather than refused.
// `"key":`, after a comma unless it is the first field of its object.
void append_key(std::string& out, std::string_view key) {
  if (out.back() != '{') out += ',';
  out += '"';
  out += key;
  out += "\":";
}

void append_string(std::string& out, std::string_view key, std::string_view value) {
  append_key(out, key);
  if (needs_escaping(value)) {
    out += nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += value;
  out += '"';
}

void append_bool(std::string& out, std::string_view key, bool value) {
  append_key(out, key);
  out += value ? "true" : "false";
}

}  // namespace

// Written field by field, in the contract's order: building an ordered_json tree first took
// as long as reading the report's DSN fields.
std::string bounce_json_line(std::string_view file, const BounceReport& report) {
  std::string out = "{";
  append_string(out, "file", file);
  append_bool(out, "is_bounce", report.is_bounce);
  out += ",\"recipients\":[";
  for (const BounceRecipient& r : report.recipients) {
    out += out.back() == '[' ? "{" : ",{";
    append_string(out, "address", r.address);
    append_string(out, "status", r.status);
    append_string(out, "reply_code", r.reply_code);
    append_string(out, "reason", r.reason);
    append_bool(out, "hard_bounce", r.hard_bounce);
    append_string(out, "feedback_type", r.feedback_type);
    append_string(out, "diagnostic", r.diagnostic);
    if (!r.original_address.empty()) append_string(out, "original_address", r.original_address);
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace herald::bounce
