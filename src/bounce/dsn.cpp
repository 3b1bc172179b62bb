// RFC 3464 delivery-status fields, and the reply codes inside diagnostic text.
#include <algorithm>
#include <cctype>

#include "bounce/found.h"
#include "bounce/text_layout.h"
#include "common/ascii.h"
#include "domain/smtp_codes.h"

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

// "554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed
// out>": the reply quoted last is the remote server's own.
void prefer_quoted_reply(Found& f) {
  const std::string& d = f.diagnostic;
  if (d.size() < 8 || d.back() != '>') return;
  const auto open = d.rfind('<');
  if (open == std::string::npos) return;
  const std::string inner = d.substr(open + 1, d.size() - open - 2);
  const std::string code = find_reply_code(inner.substr(0, 4));
  if (code.empty()) return;
  f.reply_code = code;
  const std::string status = find_status_code(inner, code);
  if (!status.empty()) f.status = status;
}

void finish(Found& f) {
  if (f.diagnostic.empty()) f.diagnostic = f.status_comment;
  if (f.reply_code.empty()) f.reply_code = find_reply_code(f.diagnostic);
  // The server's own code ("550 5.2.2") says more than the reporting MTA's summary of it.
  const std::string stated = find_status_code(f.diagnostic, f.reply_code);
  if (!stated.empty() && (f.status.empty() || stated[0] == f.status[0])) f.status = stated;
  prefer_quoted_reply(f);
  if (f.command.empty()) f.command = smtp_command_in(f.diagnostic);
  f.temporary = f.action == "delayed" || f.status.starts_with("4.");
}

}  // namespace

std::string find_reply_code(std::string_view text) {
  std::string success;  // a 2xx greeting or answer before the failure is not the failure
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    const char c = text[i];
    if (c < '2' || c > '5' || !is_digit(text[i + 1]) || !is_digit(text[i + 2])) continue;
    if (i > 0 && (ascii_is_alnum(text[i - 1]) || text[i - 1] == '.' || text[i - 1] == '-' ||
                  text[i - 1] == '_' || text[i - 1] == '/'))
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
    // "550-Mailbox unavailable", "550-'Unknown user'": a continued reply line.
    const bool continued =
        e + 1 < text.size() && text[e] == '-' &&
        (ascii_is_alpha(text[e + 1]) || text[e + 1] == '\'' || text[e + 1] == '"');
    // What precedes: a line start, punctuation that introduces a reply, or a word that does.
    std::size_t p = i;
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t')) --p;
    const char before = p == 0 ? '\n' : text[p - 1];
    bool introduced = std::string_view("\n:;([<>\"'#=").find(before) != std::string_view::npos;
    if (!introduced && p >= 4) {
      const std::string word = to_lower(text.substr(p >= 8 ? p - 8 : 0, p >= 8 ? 8 : p));
      introduced = word.ends_with("said") || word.ends_with("error") || word.ends_with("code") ||
                   word.ends_with("reply") || word.ends_with("response") ||
                   word.ends_with("status");
    }
    if (!introduced && !status_follows && !continued) continue;
    if (c != '2') return std::string(text.substr(i, 3));
    // 2xx only as an answer ("250 2.0.0 Ok", "250 Message received"), not "Size: 222".
    if (success.empty() && (status_follows || (text[i + 1] == '5' && text[i + 2] <= '2')))
      success = std::string(text.substr(i, 3));
  }
  return success;
}

std::string find_status_code(std::string_view text, std::string_view reply_code) {
  const int code = reply_code.size() == 3 ? std::stoi(std::string(reply_code)) : 0;
  std::string found = domain::find_enhanced_code(text, code);
  if (found.empty() && code != 0) found = domain::find_enhanced_code(text, 0);
  return found;
}

namespace {

void set_field(Found& r, const Field& f) {
  if (f.name == "action") {
    r.action = to_lower(trim(f.value.substr(0, f.value.find_first_of(" (;"))));
  } else if (f.name == "status") {
    const std::string_view v = trim(f.value);
    std::size_t n = 0;
    while (n < v.size() && (is_digit(v[n]) || v[n] == '.')) ++n;
    r.status = std::string(v.substr(0, n));
    const auto open = v.find('(');
    if (open != std::string_view::npos) r.status_comment = std::string(trim(v.substr(open)));
  } else if (f.name == "diagnostic-code") {
    r.diagnostic = squeeze_spaces(after_type(f.value));
    const auto semi = f.value.find(';');
    if (semi != std::string::npos) r.diagnostic_type = to_lower(trim(f.value.substr(0, semi)));
  }
}

void set_recipient(Found& r, const Field& f) {
  const std::string addr = recipient_of(f.value);
  const bool has_at = r.address.find('@') != std::string::npos;
  if (f.name == "original-recipient" && addr.find('@') != std::string::npos)
    r.original_address = addr;
  if (f.name == "final-recipient") {
    if (!addr.empty() && (r.address.empty() || addr.find('@') != std::string::npos))
      r.address = addr;
  } else if (r.address.empty() || !has_at) {
    r.address = addr;
  }
}

// One blank-line separated group of per-recipient fields. Fields may come in any order; a
// group that names several recipients (no blank line between them) is split where a
// recipient field repeats.
void read_group(const std::vector<Field>& fields, std::vector<Found>& out) {
  const auto is_recipient = [](const Field& f) {
    return f.name == "final-recipient" || f.name == "original-recipient" ||
           f.name == "x-actual-recipient";
  };
  if (std::none_of(fields.begin(), fields.end(), is_recipient)) return;  // per-message fields
  Found current;
  bool final_seen = false, original_seen = false;
  std::vector<const Field*> pending;  // fields before the first recipient field
  bool started = false;
  for (const Field& f : fields) {
    if (is_recipient(f)) {
      const bool is_final = f.name == "final-recipient";
      if (started && ((is_final && final_seen) || (!is_final && original_seen))) {
        out.push_back(std::move(current));
        current = Found{};
        final_seen = original_seen = false;
      }
      started = true;
      (is_final ? final_seen : original_seen) = true;
      set_recipient(current, f);
      for (const Field* p : pending) set_field(current, *p);
      pending.clear();
    } else if (started) {
      set_field(current, f);
    } else {
      pending.push_back(&f);
    }
  }
  out.push_back(std::move(current));
}

}  // namespace

std::vector<Found> read_dsn(std::string_view delivery_status) {
  std::vector<Found> out;
  std::string group;
  for (std::string_view line : split_lines(delivery_status)) {
    if (trim(line).empty()) {
      if (!group.empty()) read_group(parse_fields(group), out);
      group.clear();
      continue;
    }
    group += line;
    group += '\n';
  }
  if (!group.empty()) read_group(parse_fields(group), out);
  std::vector<Found> kept;
  for (Found& f : out) {
    if (f.address.empty()) continue;
    // A status that is not n.n.n is not one.
    if (f.status.size() < 5 || f.status[1] != '.') f.status.clear();
    if (to_lower(f.original_address) == to_lower(f.address)) f.original_address.clear();
    finish(f);
    kept.push_back(std::move(f));
  }
  return kept;
}

}  // namespace herald::bounce
