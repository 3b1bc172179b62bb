#include "common/json_read.h"

#include <optional>

#include "common/error.h"

namespace herald {

namespace {
using nlohmann::json;

// nlohmann's own DOM builder, counting levels on the way: parsing stops at the first level
// past the limit, so no deep value is ever built. A SAX wrapper costs one comparison per
// container; the parser-callback form of json::parse is slower (it calls back for every value).
class DepthLimitedBuilder {
 public:
  using number_integer_t = json::number_integer_t;
  using number_unsigned_t = json::number_unsigned_t;
  using number_float_t = json::number_float_t;
  using string_t = json::string_t;
  using binary_t = json::binary_t;

  explicit DepthLimitedBuilder(json& result) : dom_(result, /*allow_exceptions=*/false) {}

  bool null() { return dom_.null(); }
  bool boolean(bool v) { return dom_.boolean(v); }
  bool number_integer(number_integer_t v) { return dom_.number_integer(v); }
  bool number_unsigned(number_unsigned_t v) { return dom_.number_unsigned(v); }
  bool number_float(number_float_t v, const string_t& s) { return dom_.number_float(v, s); }
  bool string(string_t& v) { return dom_.string(v); }
  bool binary(binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return enter() && dom_.start_object(n); }
  bool key(string_t& k) {
    if (depth_ == 1) top_key_ = k;
    return dom_.key(k);
  }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return enter() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& e) {
    return dom_.parse_error(position, token, e);
  }

  bool too_deep() const { return too_deep_; }
  // The top-level member being read when the limit was passed; empty when the document
  // itself (an array, or the top object before any key) was too deep.
  const std::string& top_key() const { return top_key_; }

 private:
  bool enter() {
    if (++depth_ <= kMaxJsonDepth) return true;
    too_deep_ = true;
    return false;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  int depth_ = 0;
  bool too_deep_ = false;
  std::string top_key_;
};

enum class Outcome { ok, invalid, too_deep };

Outcome parse_into(std::string_view text, JsonReadOptions options, json& out,
                   std::string& top_key) {
  DepthLimitedBuilder builder(out);
  const bool ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json,
                                  /*strict=*/true, options.ignore_comments);
  if (ok && !out.is_discarded()) return Outcome::ok;
  out = json(json::value_t::discarded);
  if (!builder.too_deep()) return Outcome::invalid;
  top_key = builder.top_key();
  return Outcome::too_deep;
}
// The path of the first string (or key) holding U+0000, e.g. "customer.name" or "items[2]";
// nullopt when there is none. Depth is bounded by kMaxJsonDepth, checked before.
std::optional<std::string> nul_path(const json& j, const std::string& path) {
  auto below = [&](const std::string& step) { return path.empty() ? step : path + step; };
  if (j.is_string()) {
    if (j.get_ref<const std::string&>().find('\0') != std::string::npos) return path;
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      const std::string at = path.empty() ? key : path + "." + key;
      if (key.find('\0') != std::string::npos) return path.empty() ? std::string("body") : path;
      if (auto found = nul_path(value, at)) return found;
    }
  } else if (j.is_array()) {
    for (std::size_t i = 0; i < j.size(); ++i)
      if (auto found = nul_path(j[i], below("[" + std::to_string(i) + "]"))) return found;
  }
  return std::nullopt;
}

// A NUL can only arrive escaped; most bodies have no "\u0000" and are not walked at all.
void refuse_nul(std::string_view text, const json& doc, const std::string& field) {
  if (text.find("\\u0000") == std::string_view::npos) return;
  auto at = nul_path(doc, "");
  if (!at) return;
  // In a body the path is what a client knows ("customer.name"); elsewhere it is qualified.
  const std::string name =
      field == "body" ? (at->empty() ? field : *at) : (at->empty() ? field : field + "." + *at);
  throw bad_request(name + " contains a NUL character (\\u0000)", name);
}
}  // namespace

json read_json(std::string_view text, const std::string& field, JsonReadOptions options) {
  json out;
  std::string top_key;
  switch (parse_into(text, options, out, top_key)) {
    case Outcome::ok:
      refuse_nul(text, out, field);
      return out;
    case Outcome::invalid:
      throw bad_request(
          field == "body" ? "the body is not valid JSON" : field + " is not valid JSON", field);
    case Outcome::too_deep:
      break;
  }
  // In a body the member is the field a client knows ("data"); elsewhere it is qualified.
  const std::string at = top_key.empty()   ? field
                         : field == "body" ? top_key
                                           : field + "." + top_key;
  throw bad_request(at + " is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", at);
}

json read_json_or_discarded(std::string_view text, JsonReadOptions options) {
  json out;
  std::string top_key;
  parse_into(text, options, out, top_key);
  return out;
}

}  // namespace herald
