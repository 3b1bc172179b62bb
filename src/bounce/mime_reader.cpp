#include "bounce/mime_reader.h"

#include <gmime/gmime.h>
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "bounce/mime_parts.h"
#include "common/gobject_ptr.h"
#include "common/kept_until_exit.h"

namespace herald::bounce {

namespace {

using herald::GCharPtr;
using herald::GPtr;

using GString = GCharPtr;

// GMime is used only for its header decoder, transfer decoders and charset names: the report
// is taken apart by visit_mime, which builds no object per part or header.
void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] {
    const KeptUntilExit type_tables;
    g_mime_init();
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
                                                 "x-apple-unsubscribe",
                                                 "x-hmxmroriginalrecipient"};
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

// The content with its transfer encoding undone, in its own charset. Base64 and
// quoted-printable are decoded in one call; uuencoded content goes through GMime's filter,
// which finds the "begin" line.
std::string decoded_content(const MimeLeaf& leaf) {
  const std::string_view raw = leaf.content;
  const GMimeContentEncoding encoding =
      leaf.encoding.empty() ? GMIME_CONTENT_ENCODING_DEFAULT
                            : g_mime_content_encoding_from_string(leaf.encoding.c_str());
  if (encoding == GMIME_CONTENT_ENCODING_UUENCODE) {
    GPtr<GMimeStream> in(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
    GPtr<GMimeDataWrapper> wrapper(g_mime_data_wrapper_new_with_stream(in.get(), encoding));
    GPtr<GMimeStream> out(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(wrapper.get(), out.get());
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    if (bytes == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
  }
  if (encoding != GMIME_CONTENT_ENCODING_BASE64 &&
      encoding != GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE)
    return std::string(raw);
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

std::string text_of(const MimeLeaf& leaf) {
  std::string bytes = decoded_content(leaf);
  const std::string& charset = leaf.charset;
  if (charset.empty() || charset == "us-ascii" || charset == "utf-8" || charset == "ascii")
    return bytes;
  return to_utf8(std::move(bytes), charset);
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
  MimeVisitor visitor{
      [this](const MimeLeaf& leaf) { this->leaf(leaf); },
      [this](std::string_view prologue, int depth) { unparsed_multipart(prologue, depth); }};

  // The returned copy of our message is read as an opaque leaf: only its header matters.
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

  void leaf(const MimeLeaf& leaf) {
    const std::string& type = leaf.type;
    if (type == "message/rfc822" || type == "message/global" || type == "message/news") {
      returned_raw(decoded_content(leaf));
    } else if (type == "message/delivery-status" || type == "message/global-delivery-status") {
      parts.delivery_status.push_back(decoded_content(leaf));
    } else if (type == "message/feedback-report") {
      append_text(parts.feedback_report, decoded_content(leaf));
    } else if (type == "text/rfc822-headers" || type == "message/global-headers" ||
               type == "message/rfc822-headers" || type == "text/rfc822-header") {
      if (!parts.has_returned_part) {
        parts.has_returned_part = true;
        parts.returned_headers = decoded_content(leaf);
      }
    } else if (type == "text/html") {
      append_text(html, html_to_text(text_of(leaf)));
    } else if (type.starts_with("text/")) {
      append_text(parts.text, text_of(leaf));
    }
  }

  // No part found: the boundary parameter is missing (an unfolded Content-Type) or does not
  // match the body. Read the body with the boundary its own lines use, else as plain text.
  void unparsed_multipart(std::string_view body, int depth) {
    if (body.empty()) return;
    const std::string boundary = guess_boundary(body);
    if (!boundary.empty() && depth < 8) {
      const std::string synthetic =
          "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\n\n" + std::string(body);
      int found = 0;
      const MimeVisitor count{[&](const MimeLeaf&) { ++found; },
                              [&](std::string_view, int) { ++found; }};
      visit_mime(synthetic, count, depth + 1);
      if (found > 0) {
        visit_mime(synthetic, visitor, depth + 1);
        return;
      }
    }
    append_text(parts.text, body);
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
  // GMime returns ASCII without encoded words as it is; most subjects are such.
  const bool plain = value.find("=?") == std::string_view::npos &&
                     std::all_of(value.begin(), value.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (plain) return std::string(value);
  init_gmime();
  const std::string copy(value);
  GString decoded(g_mime_utils_header_decode_text(nullptr, copy.c_str()));
  return decoded ? std::string(decoded.get()) : copy;
}

ReportParts read_report(std::string_view raw_message) {
  init_gmime();
  ReportParts parts;
  const std::string input = read_top_header(skip_envelope_line(raw_message), parts.headers);
  const std::string_view subject = parts.header("subject");
  parts.subject = subject.empty() ? std::string() : squeeze_spaces(decode_header_text(subject));
  Walker walker{parts, {}};
  visit_mime(input, walker.visitor);
  if (parts.text.empty()) parts.text = std::move(walker.html);
  return parts;
}

}  // namespace herald::bounce
