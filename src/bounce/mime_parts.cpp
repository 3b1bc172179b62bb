#include "bounce/mime_parts.h"

#include <vector>

#include "bounce/text.h"
#include "common/ascii.h"

namespace herald::bounce {

namespace {

constexpr int kMaxDepth = 8;

bool is_lwsp(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

struct ContentType {
  std::string type;  // "type/subtype", lower case
  std::string boundary;
  std::string charset;
};

bool is_token_char(char c) {
  return static_cast<unsigned char>(c) > ' ' && static_cast<unsigned char>(c) < 127 &&
         std::string_view("()<>@,;:\\\"/[]?=").find(c) == std::string_view::npos;
}

std::string_view read_token(std::string_view s, std::size_t& i) {
  while (i < s.size() && is_lwsp(s[i])) ++i;
  const std::size_t start = i;
  while (i < s.size() && is_token_char(s[i])) ++i;
  const std::string_view token = s.substr(start, i - start);
  while (i < s.size() && is_lwsp(s[i])) ++i;
  return token;
}

// A parameter value: a quoted string (its escapes undone) or a token, up to the next ';'.
std::string read_value(std::string_view s, std::size_t& i) {
  while (i < s.size() && is_lwsp(s[i])) ++i;
  std::string value;
  if (i < s.size() && s[i] == '"') {
    for (++i; i < s.size() && s[i] != '"'; ++i) {
      if (s[i] == '\\' && i + 1 < s.size()) ++i;
      value += s[i];
    }
    if (i < s.size()) ++i;
  } else {
    const std::size_t start = i;
    while (i < s.size() && s[i] != ';') ++i;
    value = std::string(trim(s.substr(start, i - start)));
  }
  while (i < s.size() && s[i] != ';') ++i;
  return value;
}

// "type/subtype; name=value; ..." with only boundary and charset kept. A type without a
// subtype is read as the usual one of its kind; what is not a type at all as binary data.
ContentType parse_content_type(std::string_view value) {
  ContentType out;
  std::size_t i = 0;
  const std::string type = to_lower(read_token(value, i));
  std::string subtype;
  if (i < value.size() && value[i] == '/') {
    ++i;
    subtype = to_lower(read_token(value, i));
  }
  if (subtype.empty()) {
    if (type == "text")
      subtype = "plain";
    else if (type == "multipart")
      subtype = "mixed";
  }
  out.type = type.empty() || subtype.empty() ? "application/octet-stream" : type + "/" + subtype;
  while (i < value.size()) {
    if (value[i] != ';') {
      ++i;
      continue;
    }
    ++i;
    const std::string name = to_lower(read_token(value, i));
    if (i >= value.size() || value[i] != '=') continue;
    ++i;
    std::string v = read_value(value, i);
    if (name == "boundary" && out.boundary.empty())
      out.boundary = std::move(v);
    else if (name == "charset" && out.charset.empty())
      out.charset = to_lower(v);
  }
  return out;
}

class Splitter {
 public:
  Splitter(std::string_view in, const MimeVisitor& visitor) : in_(in), visitor_(visitor) {}

  void entity(int depth, bool digest_child) {
    std::string content_type, encoding;
    std::string* field = nullptr;  // the field a folded line continues
    bool ended_by_boundary = false;
    while (pos_ < in_.size()) {
      const std::string_view line = current_line();
      if (line.empty() || line == "\r") {
        next_line();
        break;
      }
      if (boundary_at(line).level >= 0) {
        ended_by_boundary = true;
        break;
      }
      if (line.front() == ' ' || line.front() == '\t') {
        if (field != nullptr) *field += line;
        next_line();
        continue;
      }
      const std::string_view name = field_name(line);
      if (name.empty()) break;  // not a header field: the content starts here
      field = nullptr;
      if (equals_ci(name, "content-type"))
        field = &content_type;
      else if (equals_ci(name, "content-transfer-encoding"))
        field = &encoding;
      if (field != nullptr) field->assign(line.substr(name.size() + 1));
      next_line();
    }
    ContentType type;
    if (content_type.empty()) {
      type.type = digest_child ? "message/rfc822" : "text/plain";
    } else {
      type = parse_content_type(content_type);
    }
    if (type.type.starts_with("multipart/") && !ended_by_boundary) {
      multipart(depth, type);
      return;
    }
    const std::string_view content = ended_by_boundary ? std::string_view() : scan().content;
    if (depth > kMaxDepth || type.type.starts_with("multipart/")) return;
    visitor_.leaf(
        MimeLeaf{std::move(type.type), std::move(type.charset), to_lower(trim(encoding)), content});
  }

 private:
  struct Mark {
    int level = -1;  // index into bounds_, -1: not a boundary line
    bool end = false;
  };
  struct Scanned {
    std::string_view content;
    Mark mark;
  };

  // The line at pos_, without its '\n'; its end is remembered for next_line().
  std::string_view current_line() {
    if (line_at_ != pos_) {
      const auto nl = in_.find('\n', pos_);
      line_end_ = nl == std::string_view::npos ? in_.size() : nl;
      line_at_ = pos_;
    }
    return in_.substr(pos_, line_end_ - pos_);
  }
  void next_line() {
    current_line();
    pos_ = line_end_ < in_.size() ? line_end_ + 1 : in_.size();
  }

  Mark boundary_at(std::string_view line) const {
    if (bounds_.empty() || line.size() < 2 || line[0] != '-' || line[1] != '-') return {};
    while (!line.empty() && is_lwsp(line.back())) line.remove_suffix(1);
    for (int level = static_cast<int>(bounds_.size()) - 1; level >= 0; --level) {
      const std::string& b = bounds_[static_cast<std::size_t>(level)];
      if (!line.starts_with(b)) continue;
      const std::string_view rest = line.substr(b.size());
      if (rest == "--") return {level, true};
      if (rest.empty()) return {level, false};
    }
    return {};
  }

  // From here to the next boundary line of any enclosing multipart (left unread), or the end.
  Scanned scan() {
    const std::size_t start = pos_;
    if (bounds_.empty()) {  // no boundary can end it
      pos_ = in_.size();
      return {in_.substr(start), {}};
    }
    while (pos_ < in_.size()) {
      const Mark mark = boundary_at(current_line());
      if (mark.level >= 0) {
        std::size_t end = pos_;
        if (end > start && in_[end - 1] == '\n') --end;
        if (end > start && in_[end - 1] == '\r') --end;
        return {in_.substr(start, end - start), mark};
      }
      next_line();
    }
    return {in_.substr(start), {}};
  }

  Mark mark_here() { return pos_ < in_.size() ? boundary_at(current_line()) : Mark{}; }

  void multipart(int depth, const ContentType& type) {
    if (type.boundary.empty()) {
      const std::string_view prologue = scan().content;
      if (depth <= kMaxDepth) visitor_.empty_multipart(prologue, depth);
      return;
    }
    bounds_.push_back("--" + type.boundary);
    const int own = static_cast<int>(bounds_.size()) - 1;
    const Scanned prologue = scan();
    Mark mark = prologue.mark;
    int parts = 0;
    const bool digest = type.type == "multipart/digest";
    while (mark.level == own && !mark.end) {
      next_line();
      entity(depth + 1, digest);
      ++parts;
      mark = mark_here();
    }
    bounds_.pop_back();
    if (mark.level == own && mark.end) {
      next_line();
      scan();  // the epilogue
    }
    if (parts == 0 && depth <= kMaxDepth) visitor_.empty_multipart(prologue.content, depth);
  }

  std::string_view in_;
  const MimeVisitor& visitor_;
  std::size_t pos_ = 0;
  std::size_t line_at_ = std::string_view::npos, line_end_ = 0;
  std::vector<std::string> bounds_;  // "--boundary" of each open multipart, innermost last
};

}  // namespace

void visit_mime(std::string_view entity, const MimeVisitor& visitor, int depth) {
  Splitter(entity, visitor).entity(depth, false);
}

}  // namespace herald::bounce
