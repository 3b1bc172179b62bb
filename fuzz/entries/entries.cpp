#include "entries/entries.h"

namespace herald::fuzz {

const std::vector<Harness>& harnesses() {
  static const std::vector<Harness> all = {
      {"bounce", bounce},     {"event", event},   {"message", message},   {"filter", filter},
      {"render", render},     {"ses", ses},       {"sendgrid", sendgrid}, {"mailgun", mailgun},
      {"postmark", postmark}, {"twilio", twilio}, {"kannel", kannel},
  };
  return all;
}

Split split(const uint8_t* data, size_t size, char separator) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const auto at = all.find(separator);
  if (at == std::string_view::npos) return {all, {}, false};
  return {all.substr(0, at), all.substr(at + 1), true};
}

}  // namespace herald::fuzz
