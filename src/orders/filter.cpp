#include "orders/filter.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/ascii.h"
#include "common/error.h"
#include "common/json_read.h"

namespace herald::orders {

namespace {
using nlohmann::json;

const std::set<std::string> kOps{"eq",  "ne", "gt",       "gte",    "lt",
                                 "lte", "in", "contains", "prefix", "exists"};

bool is_scalar(const json& v) {
  return v.is_string() || v.is_number() || v.is_boolean();
}

// Words of letters, digits and '_' joined by single dots. Read by hand: std::regex matches
// recursively, a frame a character, and a long enough field overflowed the stack.
bool is_dotted_path(const std::string& s) {
  bool word = false;
  for (const char c : s) {
    if (c == '.') {
      if (!word) return false;
      word = false;
    } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      word = true;
    } else {
      return false;
    }
  }
  return word;
}

void validate_condition(const json& f, const std::string& path) {
  const auto field = f.at("field");
  if (!field.is_string() || !is_dotted_path(field.get<std::string>()))
    throw bad_request(path + ".field must be a dotted path such as order.total", path + ".field");
  if (!f.contains("op") || !f.at("op").is_string() || !kOps.count(f.at("op").get<std::string>()))
    throw bad_request(path +
                          ".op must be one of eq, ne, gt, gte, lt, lte, in, contains, "
                          "prefix, exists",
                      path + ".op");
  const auto op = f.at("op").get<std::string>();
  const bool has_value = f.contains("value");
  const json value = has_value ? f.at("value") : json();
  for (const auto& [key, _] : f.items())
    if (key != "field" && key != "op" && key != "value")
      throw bad_request(path + " has an unknown member '" + key + "'", path + "." + key);
  if (op == "exists") {
    if (has_value && !value.is_boolean())
      throw bad_request(path + ".value must be true or false", path + ".value");
    return;
  }
  if (!has_value) throw bad_request(path + ".value is required", path + ".value");
  if (op == "in") {
    if (!value.is_array() || value.empty() || !std::all_of(value.begin(), value.end(), is_scalar))
      throw bad_request(path + ".value must be a non-empty list of values", path + ".value");
    return;
  }
  if ((op == "gt" || op == "gte" || op == "lt" || op == "lte") && !value.is_number())
    throw bad_request(path + ".value must be a number", path + ".value");
  if (op == "prefix" && !value.is_string())
    throw bad_request(path + ".value must be a string", path + ".value");
  if (!is_scalar(value))
    throw bad_request(path + ".value must be a string, number or boolean", path + ".value");
}

const json* lookup(const json& context, const std::string& path) {
  const json* at = &context;
  size_t start = 0;
  while (start <= path.size()) {
    auto dot = path.find('.', start);
    auto key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!at->is_object() || !at->contains(key)) return nullptr;
    at = &at->at(key);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return at;
}

std::optional<double> number_of(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const auto s = v.get<std::string>();
    try {
      size_t used = 0;
      double d = std::stod(s, &used);
      if (used == s.size()) return d;
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

bool equal(const json& a, const json& b) {
  if (a.is_string() && b.is_string())
    return ascii_lower(a.get<std::string>()) == ascii_lower(b.get<std::string>());
  auto x = number_of(a), y = number_of(b);
  if (x && y && (a.is_number() || b.is_number())) return *x == *y;
  if (a.is_boolean() && b.is_string())
    return ascii_lower(b.get<std::string>()) == (a.get<bool>() ? "true" : "false");
  return a == b;
}

bool present(const json* v) {
  return v && !v->is_null() && !(v->is_string() && v->get<std::string>().empty()) &&
         !(v->is_array() && v->empty());
}

// Both walks recurse once per all/any/not level, so the nesting is bounded like JSON's.
void check_depth(int depth, const std::string& path) {
  if (depth > kMaxJsonDepth)
    throw bad_request(path + " is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels",
                      path);
}

bool condition_holds(const json& f, const json& context) {
  const json* v = lookup(context, f.at("field").get<std::string>());
  const auto op = f.at("op").get<std::string>();
  if (op == "exists") return present(v) == f.value("value", true);
  const json& value = f.at("value");
  if (op == "ne") return !v || !equal(*v, value);
  if (!v || v->is_null()) return false;
  if (op == "eq") return equal(*v, value);
  if (op == "in")
    return std::any_of(value.begin(), value.end(), [&](const json& x) { return equal(*v, x); });
  if (op == "contains") {
    if (v->is_array())
      return std::any_of(v->begin(), v->end(), [&](const json& x) { return equal(x, value); });
    return v->is_string() && value.is_string() &&
           ascii_lower(v->get<std::string>()).find(ascii_lower(value.get<std::string>())) !=
               std::string::npos;
  }
  if (op == "prefix")
    return v->is_string() &&
           ascii_lower(v->get<std::string>()).rfind(ascii_lower(value.get<std::string>()), 0) == 0;
  auto x = number_of(*v);
  if (!x) return false;
  const double y = value.get<double>();
  if (op == "gt") return *x > y;
  if (op == "gte") return *x >= y;
  if (op == "lt") return *x < y;
  return *x <= y;  // lte
}
void validate_at(const json& f, const std::string& path, int depth) {
  if (f.is_null()) return;
  check_depth(depth, path);
  if (!f.is_object()) throw bad_request(path + " must be an object", path);
  if (f.empty()) return;
  // A condition's own keys (op, value) may sit beside "field"; a combinator stands alone, so a
  // condition holding two of these would silently lose one of them.
  const int kinds = static_cast<int>(f.contains("all")) + static_cast<int>(f.contains("any")) +
                    static_cast<int>(f.contains("not")) + static_cast<int>(f.contains("field"));
  if (kinds > 1 || (f.size() != 1 && !f.contains("field")))
    throw bad_request(path + " must have exactly one of all, any, not or field", path);
  if (f.contains("all") || f.contains("any")) {
    const std::string key = f.contains("all") ? "all" : "any";
    const auto& list = f.at(key);
    if (!list.is_array() || list.empty())
      throw bad_request(path + "." + key + " must be a non-empty list of conditions",
                        path + "." + key);
    for (size_t i = 0; i < list.size(); ++i)
      validate_at(list[i], path + "." + key + "[" + std::to_string(i) + "]", depth + 1);
    if (std::any_of(list.begin(), list.end(), [](const json& c) { return c.empty(); }))
      throw bad_request(path + "." + key + " holds an empty condition", path + "." + key);
    return;
  }
  if (f.contains("not")) {
    if (!f.at("not").is_object() || f.at("not").empty())
      throw bad_request(path + ".not must be a condition", path + ".not");
    return validate_at(f.at("not"), path + ".not", depth + 1);
  }
  if (f.contains("field")) return validate_condition(f, path);
  throw bad_request(path + " must have one of all, any, not or field", path);
}

bool matches_at(const json& f, const json& context, int depth) {
  if (f.is_null() || f.empty()) return true;
  check_depth(depth, "filter");
  if (f.contains("all"))
    return std::all_of(f.at("all").begin(), f.at("all").end(),
                       [&](const json& c) { return matches_at(c, context, depth + 1); });
  if (f.contains("any"))
    return std::any_of(f.at("any").begin(), f.at("any").end(),
                       [&](const json& c) { return matches_at(c, context, depth + 1); });
  if (f.contains("not")) return !matches_at(f.at("not"), context, depth + 1);
  return condition_holds(f, context);
}
}  // namespace

void validate_filter(const json& f, const std::string& path) {
  validate_at(f, path, 1);
}

bool filter_matches(const json& f, const json& context) {
  return matches_at(f, context, 1);
}

}  // namespace herald::orders
