#include "delivery/mime_builder.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>

#include "common/ascii.h"
#include "common/gobject_ptr.h"
#include "common/kept_until_exit.h"

namespace herald::delivery {

namespace {

using herald::GCharPtr;
using herald::GPtr;

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] {
    const KeptUntilExit type_tables;
    g_mime_init();
  });
}

// Header values come from templates and API input (and data stored before input was checked):
// a raw CR or LF would start a new header, a NUL would end the value where GMime reads it.
// Every control character becomes a space.
std::string one_line(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return out;
}

std::string to_crlf(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 16);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\r') {
      out += "\r\n";
      if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else if (s[i] == '\n') {
      out += "\r\n";
    } else {
      out += s[i];
    }
  }
  return out;
}

void add_addresses(GMimeMessage* msg, GMimeAddressType type, const std::vector<std::string>& list) {
  InternetAddressList* target = g_mime_message_get_addresses(msg, type);
  for (const std::string& entry : list) {
    if (entry.empty()) continue;
    const std::string clean = one_line(entry);
    GPtr<InternetAddressList> parsed(internet_address_list_parse(nullptr, clean.c_str()));
    if (parsed && internet_address_list_length(parsed.get()) > 0) {
      for (int i = 0; i < internet_address_list_length(parsed.get()); ++i)
        internet_address_set_charset(internet_address_list_get_address(parsed.get(), i), "utf-8");
      internet_address_list_append(target, parsed.get());
    } else {
      GPtr<InternetAddress> box(
          internet_address_mailbox_new(nullptr, envelope_address(clean).c_str()));
      internet_address_list_add(target, box.get());
    }
  }
}

GMimeObject* new_text_part(const char* subtype, std::string_view body) {
  const std::string canonical = to_crlf(body);
  GMimeTextPart* part = g_mime_text_part_new_with_subtype(subtype);
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(canonical.data(), canonical.size()));
  GPtr<GMimeDataWrapper> content(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(GMIME_PART(part), content.get());
  g_mime_text_part_set_charset(part, "utf-8");
  g_mime_part_set_content_encoding(
      GMIME_PART(part),
      g_mime_part_get_best_content_encoding(GMIME_PART(part), GMIME_ENCODING_CONSTRAINT_7BIT));
  return GMIME_OBJECT(part);
}

std::string strip_angles(std::string_view id) {
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  return one_line(id);
}

std::string message_id_for(const OutgoingEmail& email) {
  if (!email.message_id.empty()) return strip_angles(email.message_id);
  const std::string from = envelope_address(email.from);
  const auto at = from.rfind('@');
  const std::string domain = at == std::string::npos ? "herald.invalid" : from.substr(at + 1);
  if (!email.herald_id.empty()) return one_line(email.herald_id) + "@" + domain;
  GCharPtr generated(g_mime_utils_generate_message_id(domain.c_str()));
  return generated.get();
}

}  // namespace

std::string envelope_address(std::string_view mailbox) {
  const auto open = mailbox.rfind('<');
  if (open != std::string_view::npos) {
    const auto close = mailbox.find('>', open);
    if (close != std::string_view::npos) mailbox = mailbox.substr(open + 1, close - open - 1);
  }
  const auto first = mailbox.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = mailbox.find_last_not_of(" \t\r\n");
  return std::string(mailbox.substr(first, last - first + 1));
}

BuiltMime build_mime(const OutgoingEmail& email) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return build_mime(email, std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}

BuiltMime build_mime(const OutgoingEmail& email, TimeMs date) {
  init_gmime();
  GPtr<GMimeMessage> msg(g_mime_message_new(TRUE));
  GMimeObject* top = GMIME_OBJECT(msg.get());

  add_addresses(msg.get(), GMIME_ADDRESS_TYPE_FROM, {email.from});
  add_addresses(msg.get(), GMIME_ADDRESS_TYPE_TO, email.to);
  add_addresses(msg.get(), GMIME_ADDRESS_TYPE_CC, email.cc);
  add_addresses(msg.get(), GMIME_ADDRESS_TYPE_REPLY_TO, {email.reply_to});
  g_mime_message_set_subject(msg.get(), one_line(email.subject).c_str(), "utf-8");

  GDateTime* when = g_date_time_new_from_unix_utc(date / 1000);
  g_mime_message_set_date(msg.get(), when);
  g_date_time_unref(when);

  const std::string message_id = "<" + message_id_for(email) + ">";
  g_mime_object_set_header(top, "Message-ID", message_id.c_str(), nullptr);
  if (!email.herald_id.empty())
    g_mime_object_set_header(top, "X-Herald-Message-Id", one_line(email.herald_id).c_str(),
                             nullptr);

  const bool has_html = !email.html.empty();
  const bool has_text = !email.text.empty() || !has_html;
  if (has_html && has_text) {
    GPtr<GMimeMultipart> alternative(g_mime_multipart_new_with_subtype("alternative"));
    GPtr<GMimeObject> text(new_text_part("plain", email.text));
    GPtr<GMimeObject> html(new_text_part("html", email.html));
    g_mime_multipart_add(alternative.get(), text.get());
    g_mime_multipart_add(alternative.get(), html.get());
    g_mime_message_set_mime_part(msg.get(), GMIME_OBJECT(alternative.get()));
  } else {
    GPtr<GMimeObject> body(has_html ? new_text_part("html", email.html)
                                    : new_text_part("plain", email.text));
    g_mime_message_set_mime_part(msg.get(), body.get());
  }

  GMimeFormatOptions* options = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(options, GMIME_NEWLINE_FORMAT_DOS);
  GCharPtr raw(g_mime_object_to_string(top, options));
  g_mime_format_options_free(options);

  BuiltMime built;
  built.raw = raw.get();
  const auto end = built.raw.find("\r\n\r\n");
  built.headers = built.raw.substr(0, end == std::string::npos ? built.raw.size() : end + 2);
  return built;
}

std::vector<std::string> envelope_recipients(const OutgoingEmail& email) {
  std::vector<std::string> entries = email.envelope;
  if (entries.empty()) {
    entries = email.to;
    entries.insert(entries.end(), email.cc.begin(), email.cc.end());
  }
  std::vector<std::string> out;
  std::vector<std::string> seen;
  for (const std::string& entry : entries) {
    std::string address = envelope_address(entry);
    if (address.empty()) continue;
    std::string key = ascii_lower(address);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(std::move(key));
    out.push_back(std::move(address));
  }
  return out;
}

}  // namespace herald::delivery
