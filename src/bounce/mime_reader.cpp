#include "bounce/mime_reader.h"

#include <gmime/gmime.h>
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "common/gobject_ptr.h"
#include "common/kept_until_exit.h"

namespace herald::bounce {

namespace {

using herald::GCharPtr;
using herald::GPtr;

using GString = GCharPtr;

// The returned copy of our message is read as an opaque leaf: only its header matters, and
// parsing its whole MIME tree (each header a GObject) cost more than the rest of the report.
// This registration is process-wide: message/rfc822 parts parse as GMimePart everywhere.
void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Registering a type again drops GMime's entry for the type it replaces without freeing it.
    const KeptUntilExit type_tables;
    g_mime_init();
    g_mime_object_register_type("message", "rfc822", GMIME_TYPE_PART);
    g_mime_object_register_type("message", "global", GMIME_TYPE_PART);
  });
}

// Header fields of the report itself that parsing reads; the others (Received, DKIM, ARC, ...)
// are dropped.
bool wanted_field(std::string_view name) {
  static constexpr std::string_view kWanted[] = {"from",
                                                 "to",
                                                 "cc",
                                                 "reply-to",
                                                 "sender",
                                                 "return-path",
                                                 "subject",
                                                 "date",
                                                 "message-id",
                                                 "delivered-to",
                                                 "x-original-to",
                                                 "auto-submitted",
                                                 "x-autoreply",
                                                 "x-autorespond",
                                                 "x-autoresponder",
                                                 "x-vacation",
                                                 "precedence",
                                                 "x-auto-response-suppress",
                                                 "x-failed-recipients",
                                                 "x-apple-unsubscribe"};
  for (std::string_view w : kWanted)
    if (equals_ci(name, w)) return true;
  return false;
}

bool mime_field(std::string_view name) {
  return starts_with_ci(name, "content-") || equals_ci(name, "mime-version");
}

// The only fields GMime needs to read the body: its structure and its transfer encoding.
// Each field given to GMime is an object to build, decode and free.
bool structure_field(std::string_view name) {
  return equals_ci(name, "content-type") || equals_ci(name, "content-transfer-encoding");
}

// Reads the report's own header fields into `headers` (lower-case names, values with their
// white space squeezed) and returns what GMime is given: only the header's structure fields,
// then the body unchanged. Every header field GMime parses becomes a GObject that is built and
// freed again, and parsing plain "Name: value" fields needs no MIME parser.
std::string read_top_header(std::string_view raw, std::vector<Field>& headers) {
  std::string out;
  out.reserve(raw.size());
  bool to_gmime = true;     // the current line goes to GMime
  bool collecting = false;  // the current field is one of `headers`
  std::string value;
  auto finish_field = [&] {
    if (collecting) headers.back().value = squeeze_spaces(value);
    collecting = false;
    value.clear();
  };
  std::size_t pos = 0;
  while (pos < raw.size()) {
    auto nl = raw.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? raw.size() : nl + 1;
    const std::string_view line = raw.substr(pos, end - pos);
    if (trim(line).empty()) {  // the end of the header: the body follows unchanged
      finish_field();
      out.append(raw.substr(pos));
      return out;
    }
    if (line.front() != ' ' && line.front() != '\t') {
      finish_field();
      const std::string_view name = field_name(line);
      const bool mime = !name.empty() && mime_field(name);
      // Not a field: GMime decides where the header ends.
      to_gmime = name.empty() || structure_field(name);
      collecting = mime || (!name.empty() && wanted_field(name));
      if (collecting) {
        headers.push_back({to_lower(name), {}});
        value = line.substr(name.size() + 1);
      }
    } else if (collecting) {
      value += line;
    }
    if (to_gmime) out.append(line);
    pos = end;
  }
  finish_field();
  return out;
}

std::string mime_type_of(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type == nullptr) return "text/plain";
  GString s(g_mime_content_type_get_mime_type(type));
  return s ? to_lower(s.get()) : std::string("text/plain");
}

// The body with its transfer encoding undone, in its own charset. Base64 and quoted-printable
// are decoded here, not through a stream filter: each stream and filter is another GObject to
// build and free. Uuencoded bodies go through GMime's filter, which finds the "begin" line.
std::string decoded_content(GMimePart* part) {
  GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
  GMimeStream* stream = wrapper != nullptr ? g_mime_data_wrapper_get_stream(wrapper) : nullptr;
  if (stream == nullptr) return {};
  const GMimeContentEncoding encoding = g_mime_data_wrapper_get_encoding(wrapper);
  if (encoding == GMIME_CONTENT_ENCODING_UUENCODE) {
    GPtr<GMimeStream> out(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(wrapper, out.get());
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    if (bytes == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
  }
  if (g_mime_stream_reset(stream) != 0) return {};
  std::string raw;
  if (const gint64 length = g_mime_stream_length(stream); length > 0)
    raw.reserve(static_cast<std::size_t>(length));
  char buffer[16384];
  for (gssize n; (n = g_mime_stream_read(stream, buffer, sizeof buffer)) > 0;)
    raw.append(buffer, static_cast<std::size_t>(n));
  if (encoding != GMIME_CONTENT_ENCODING_BASE64 &&
      encoding != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE)
    return raw;
  GMimeEncoding state;
  g_mime_encoding_init_decode(&state, encoding);
  std::string out(g_mime_encoding_outlen(&state, raw.size()), '\0');
  out.resize(g_mime_encoding_flush(&state, raw.data(), raw.size(), out.data()));
  return out;
}

// Converters stay open for the life of the thread: opening one loads (and closing one
// unloads) a gconv module, which cost more than parsing the whole message.
// Converters are kept per thread because opening one costs more than converting a short part.
// The charset names come from the mail, so the cache is bounded (emptied when full), names
// iconv does not know are not kept, and every converter is closed when its thread ends.
class Converters {
 public:
  static constexpr std::size_t kMaxOpen = 16;
  Converters() = default;
  Converters(const Converters&) = delete;
  Converters& operator=(const Converters&) = delete;
  ~Converters() { close_all(); }

  iconv_t get(const std::string& charset) {
    if (const auto it = open_.find(charset); it != open_.end()) return it->second;
    const char* name = g_mime_charset_iconv_name(charset.c_str());
    iconv_t cd = iconv_open("UTF-8", name != nullptr ? name : charset.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return cd;
    if (open_.size() >= kMaxOpen) close_all();
    open_.emplace(charset, cd);
    return cd;
  }

 private:
  void close_all() {
    for (auto& entry : open_) iconv_close(entry.second);
    open_.clear();
  }
  std::unordered_map<std::string, iconv_t> open_;
};

iconv_t converter_from(const std::string& charset) {
  thread_local Converters converters;
  return converters.get(charset);
}

std::string to_utf8(std::string bytes, const std::string& charset) {
  iconv_t cd = converter_from(charset);
  if (cd == reinterpret_cast<iconv_t>(-1)) return bytes;
  iconv(cd, nullptr, nullptr, nullptr, nullptr);
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = bytes.data();
  std::size_t in_left = bytes.size();
  char* to = out.data();
  std::size_t to_left = out.size();
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &to, &to_left) != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      const std::size_t used = out.size() - to_left;
      out.resize(out.size() * 2);
      to = out.data() + used;
      to_left = out.size() - used;
    } else {  // a byte the charset does not know: keep going without it
      ++in;
      --in_left;
    }
  }
  out.resize(out.size() - to_left);
  return out;
}

std::string text_of(GMimePart* part) {
  std::string bytes = decoded_content(part);
  const char* param = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
  const std::string charset = to_lower(param != nullptr ? param : "");
  if (charset.empty() || charset == "us-ascii" || charset == "utf-8" || charset == "ascii")
    return bytes;
  return to_utf8(std::move(bytes), charset);
}

std::string headers_text(GMimeObject* object) {
  GString h(g_mime_object_get_headers(object, nullptr));
  return h ? std::string(h.get()) : std::string();
}

void append_text(std::string& to, std::string_view more) {
  if (!to.empty() && to.back() != '\n') to += '\n';
  to += more;
}

// The boundary of a body whose header lost it: a "--xyz" line that closes with "--xyz--".
std::string guess_boundary(std::string_view body) {
  for (std::string_view line : split_lines(body)) {
    line = trim(line);
    if (line.size() < 4 || !line.starts_with("--") || line.ends_with("--")) continue;
    const std::string_view b = line.substr(2);
    if (b.find(' ') != std::string_view::npos) continue;
    if (body.find(std::string("--") + std::string(b) + "--") != std::string_view::npos)
      return std::string(b);
  }
  return {};
}

struct Walker {
  ReportParts& parts;
  std::string html;  // used only when there is no text/plain part

  // message/rfc822 parts arrive as leaves (see init_gmime): the raw copy of our message.
  void returned_raw(std::string raw) {
    if (parts.has_returned_part) return;  // the first one is ours; later ones are nested
    parts.has_returned_part = true;
    const auto blank = raw.find("\n\n");
    const auto crlf = raw.find("\r\n\r\n");
    const std::size_t end = std::min(blank, crlf);
    parts.returned_headers = raw.substr(0, end == std::string::npos ? raw.size() : end + 1);
    static constexpr std::string_view kContentType[] = {"content-type"};
    for (const Field& f : parse_fields(parts.returned_headers, kContentType))
      if (contains_ci(f.value, "multipart/report")) parts.nested_report = std::move(raw);
  }

  void returned_message(GMimeMessagePart* part) {
    if (parts.has_returned_part) return;  // the first one is ours; later ones are nested
    GMimeMessage* inner = g_mime_message_part_get_message(part);
    if (inner == nullptr) return;
    parts.has_returned_part = true;
    parts.returned_headers = headers_text(GMIME_OBJECT(inner));
    GMimeObject* body = g_mime_message_get_mime_part(inner);
    if (body != nullptr && mime_type_of(body) == "multipart/report") {
      GString raw(g_mime_object_to_string(GMIME_OBJECT(inner), nullptr));
      if (raw) parts.nested_report = raw.get();
    }
  }

  void leaf(GMimePart* part, const std::string& type) {
    if (type == "message/rfc822" || type == "message/global") {
      returned_raw(decoded_content(part));
    } else if (type == "message/delivery-status" || type == "message/global-delivery-status") {
      parts.delivery_status.push_back(decoded_content(part));
    } else if (type == "message/feedback-report") {
      append_text(parts.feedback_report, decoded_content(part));
    } else if (type == "text/rfc822-headers" || type == "message/global-headers" ||
               type == "message/rfc822-headers" || type == "text/rfc822-header") {
      if (!parts.has_returned_part) {
        parts.has_returned_part = true;
        parts.returned_headers = decoded_content(part);
      }
    } else if (type == "text/html") {
      append_text(html, html_to_text(text_of(part)));
    } else if (type.starts_with("text/")) {
      append_text(parts.text, text_of(part));
    }
  }

  // No part found: the boundary parameter is missing (an unfolded Content-Type) or does not
  // match the body. Read the body with the boundary its own lines use, else as plain text.
  void unparsed_multipart(GMimeMultipart* multi, int depth) {
    const char* prologue = g_mime_multipart_get_prologue(multi);
    if (prologue == nullptr) return;
    const std::string body = prologue;
    const std::string boundary = guess_boundary(body);
    if (!boundary.empty() && depth < 8) {
      const std::string synthetic =
          "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\n" + body;
      GPtr<GMimeStream> stream(
          g_mime_stream_mem_new_with_buffer(synthetic.data(), synthetic.size()));
      GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
      GPtr<GMimeObject> object(g_mime_parser_construct_part(parser.get(), nullptr));
      if (object && GMIME_IS_MULTIPART(object.get()) &&
          g_mime_multipart_get_count(GMIME_MULTIPART(object.get())) > 0) {
        walk(object.get(), depth + 1);
        return;
      }
    }
    append_text(parts.text, body);
  }

  void walk(GMimeObject* object, int depth) {
    if (object == nullptr || depth > 8) return;
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multi = GMIME_MULTIPART(object);
      const int n = g_mime_multipart_get_count(multi);
      for (int i = 0; i < n; ++i) walk(g_mime_multipart_get_part(multi, i), depth + 1);
      if (n == 0) unparsed_multipart(multi, depth);
    } else if (GMIME_IS_MESSAGE_PART(object)) {
      returned_message(GMIME_MESSAGE_PART(object));
    } else if (GMIME_IS_PART(object)) {
      leaf(GMIME_PART(object), mime_type_of(object));
    }
  }
};

// An mbox "From " line before the header is not a header field.
std::string_view skip_envelope_line(std::string_view raw) {
  if (raw.starts_with("From ")) {
    const auto nl = raw.find('\n');
    return nl == std::string_view::npos ? std::string_view() : raw.substr(nl + 1);
  }
  return raw;
}

}  // namespace

std::string_view ReportParts::header(std::string_view lower_name) const {
  for (const auto& f : headers)
    if (f.name == lower_name) return f.value;
  return {};
}

std::string decode_header_text(std::string_view value) {
  init_gmime();
  const std::string copy(value);
  GString decoded(g_mime_utils_header_decode_text(nullptr, copy.c_str()));
  return decoded ? std::string(decoded.get()) : copy;
}

ReportParts read_report(std::string_view raw_message) {
  init_gmime();
  ReportParts parts;
  const std::string input = read_top_header(skip_envelope_line(raw_message), parts.headers);
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(input.data(), input.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  // A part, not a message: the report's own header is read above, and a GMimeMessage would
  // build its address lists and header objects for nothing.
  GPtr<GMimeObject> body(g_mime_parser_construct_part(parser.get(), nullptr));
  if (!body) {
    parts.headers.clear();
    parts.text = input;
    return parts;
  }
  const std::string_view subject = parts.header("subject");
  parts.subject = subject.empty() ? std::string() : squeeze_spaces(decode_header_text(subject));
  parts.mime_type = mime_type_of(body.get());
  Walker walker{parts, {}};
  walker.walk(body.get(), 0);
  if (parts.text.empty()) parts.text = std::move(walker.html);
  return parts;
}

}  // namespace herald::bounce
