// RFC 3464 delivery-status fields, and the reply codes inside diagnostic text.
#include <cctype>

#include "bounce/found.h"
#include "bounce/text_layout.h"
#include "delivery/smtp_reply.h"

namespace herald::bounce {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "rfc822; a@b" -> "a@b"; "smtp; 550 ..." -> "550 ...".
std::string_view after_type(std::string_view value) {
  const auto semi = value.find(';');
  return trim(semi == std::string_view::npos ? value : value.substr(semi + 1));
}

std::string recipient_of(std::string_view value) {
  const std::string_view v = after_type(value);
  const std::string addr = first_address(v);
  return addr.empty() ? strip_angles(v) : addr;
}

void finish(Found& f) {
  if (f.reply_code.empty()) f.reply_code = find_reply_code(f.diagnostic);
  // The server's own code ("550 5.2.2") says more than the reporting MTA's summary of it.
  const std::string stated = find_status_code(f.diagnostic, f.reply_code);
  if (!stated.empty() && (f.status.empty() || stated[0] == f.status[0])) f.status = stated;
  if (f.command.empty()) f.command = smtp_command_in(f.diagnostic);
  f.temporary = f.action == "delayed" || f.status.starts_with("4.");
}

}  // namespace

std::string find_reply_code(std::string_view text) {
  std::string success;  // a 2xx greeting or answer before the failure is not the failure
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    const char c = text[i];
    if (c < '2' || c > '5' || !is_digit(text[i + 1]) || !is_digit(text[i + 2])) continue;
    if (i > 0 && (std::isalnum(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '.' ||
                  text[i - 1] == '-' || text[i - 1] == '_' || text[i - 1] == '/'))
      continue;
    if (i > 1 && text[i - 1] == ':' && (text[i - 2] == ']' || is_digit(text[i - 2])))
      continue;  // a port: "[192.0.2.1]:587"
    const std::size_t e = i + 3;
    const bool ends = e == text.size() || text[e] == ' ' || text[e] == '-' || text[e] == '\t' ||
                      text[e] == '\r' || text[e] == '\n' || text[e] == ')' || text[e] == ',' ||
                      text[e] == ':';
    if (!ends) continue;
    const bool status_follows = e + 4 <= text.size() && (text[e] == ' ' || text[e] == '-') &&
                                is_digit(text[e + 1]) && text[e + 2] == '.' &&
                                is_digit(text[e + 3]);
    // What precedes: a line start, punctuation that introduces a reply, or a word that does.
    std::size_t p = i;
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t')) --p;
    const char before = p == 0 ? '\n' : text[p - 1];
    bool introduced = std::string_view("\n:;([<>\"'#=").find(before) != std::string_view::npos;
    if (!introduced && p >= 4) {
      const std::string word = to_lower(text.substr(p >= 8 ? p - 8 : 0, p >= 8 ? 8 : p));
      introduced = word.ends_with("said") || word.ends_with("error") ||
                   word.ends_with("code") || word.ends_with("reply") ||
                   word.ends_with("response") || word.ends_with("status");
    }
    if (!introduced && !status_follows) continue;
    if (c != '2') return std::string(text.substr(i, 3));
    if (success.empty()) success = std::string(text.substr(i, 3));
  }
  return success;
}

std::string find_status_code(std::string_view text, std::string_view reply_code) {
  const int code = reply_code.size() == 3 ? std::stoi(std::string(reply_code)) : 0;
  std::string found = delivery::find_enhanced_code(text, code);
  if (found.empty() && code != 0) found = delivery::find_enhanced_code(text, 0);
  return found;
}

std::vector<Found> read_dsn(std::string_view delivery_status) {
  std::vector<Found> out;
  // Blank lines separate the per-message group from the per-recipient ones; a missing blank
  // line between two recipients shows as a repeated recipient field.
  bool in_recipient = false, has_final = false, has_original = false;
  std::string block;
  const auto flush_group = [&](std::string_view group) {
    for (const Field& f : parse_fields(group)) {
      const bool is_final = f.name == "final-recipient";
      const bool is_original = f.name == "original-recipient" || f.name == "x-actual-recipient";
      if (is_final || is_original) {
        if (!in_recipient || (is_final && has_final) || (is_original && has_original)) {
          out.emplace_back();
          in_recipient = true;
          has_final = has_original = false;
        }
        const std::string addr = recipient_of(f.value);
        if (is_final) {
          has_final = true;
          if (!addr.empty() && (out.back().address.empty() ||
                                addr.find('@') != std::string::npos))
            out.back().address = addr;
        } else {
          has_original = true;
          if (out.back().address.empty() || out.back().address.find('@') == std::string::npos)
            out.back().address = addr;
        }
        continue;
      }
      if (!in_recipient) continue;
      Found& r = out.back();
      if (f.name == "action") {
        r.action = to_lower(trim(f.value.substr(0, f.value.find_first_of(" (;"))));
      } else if (f.name == "status") {
        const std::string_view v = trim(f.value);
        std::size_t n = 0;
        while (n < v.size() && (is_digit(v[n]) || v[n] == '.')) ++n;
        r.status = std::string(v.substr(0, n));
      } else if (f.name == "diagnostic-code") {
        r.diagnostic = squeeze_spaces(after_type(f.value));
        const auto semi = f.value.find(';');
        if (semi != std::string::npos) r.diagnostic_type = to_lower(trim(f.value.substr(0, semi)));
      }
    }
    in_recipient = false;
  };
  for (std::string_view line : split_lines(delivery_status)) {
    if (trim(line).empty()) {
      if (!block.empty()) flush_group(block);
      block.clear();
      continue;
    }
    block += line;
    block += '\n';
  }
  if (!block.empty()) flush_group(block);
  std::vector<Found> kept;
  for (Found& f : out) {
    if (f.address.empty()) continue;
    // A status that is not n.n.n is not one.
    if (f.status.size() < 5 || f.status[1] != '.') f.status.clear();
    finish(f);
    kept.push_back(std::move(f));
  }
  return kept;
}

}  // namespace herald::bounce
