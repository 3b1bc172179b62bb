#pragma once
// A column of a batch as one parameter: PostgreSQL's array literal, written out here and
// unnested by the statement (`unnest($1::text[], $2::bigint[])`), so that one statement with a
// fixed text, prepared once, writes any number of rows.
#include <cstdint>
#include <string>
#include <string_view>

namespace herald::store::postgres {

class ArrayParam {
 public:
  ArrayParam& add(std::string_view v) {
    next();
    text_ += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') text_ += '\\';
      text_ += c;
    }
    text_ += '"';
    return *this;
  }
  ArrayParam& add(const std::string& v) { return add(std::string_view(v)); }
  ArrayParam& add(const char* v) { return add(std::string_view(v)); }
  ArrayParam& add(std::int64_t v) {
    next();
    text_ += std::to_string(v);
    return *this;
  }
  ArrayParam& add(int v) { return add(static_cast<std::int64_t>(v)); }
  ArrayParam& add(std::size_t v) { return add(static_cast<std::int64_t>(v)); }
  std::string str() const { return text_ + '}'; }

 private:
  void next() {
    if (text_.size() > 1) text_ += ',';
  }
  std::string text_ = "{";
};

}  // namespace herald::store::postgres
