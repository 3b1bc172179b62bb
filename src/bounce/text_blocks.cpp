#include <algorithm>

#include "bounce/text_layout.h"
#include "domain/phrase_index.h"

namespace herald::bounce {

namespace {

bool is_transcript(std::string_view s) {
  s = trim(s);
  return s.starts_with("<<<") || s.starts_with(">>>");
}

void add_line(std::string& to, std::string_view line) {
  line = trim(line);
  if (line.empty() || is_separator(line)) return;
  if (!to.empty()) to += '\n';
  to += line;
}

}  // namespace

std::vector<std::string_view> unquote_lines(std::vector<std::string_view> lines) {
  std::size_t quoted = 0, filled = 0;
  for (std::string_view l : lines) {
    if (trim(l).empty()) continue;
    ++filled;
    if (l.starts_with(">") && !l.starts_with(">>>")) ++quoted;
  }
  const bool strip = filled > 4 && quoted * 2 > filled;
  if (strip)
    for (std::string_view& l : lines)
      if (l.starts_with(">")) {
        l.remove_prefix(1);
        if (l.starts_with(" ")) l.remove_prefix(1);
      }
  return lines;
}

bool is_separator(std::string_view line) {
  line = trim(line);
  if (line.size() < 3) return false;
  const char c = line.front();
  if (c != '-' && c != '=' && c != '*' && c != '#' && c != '_' && c != '~') return false;
  return line[1] == c && line[2] == c;
}

std::string smtp_command_in(std::string_view raw) {
  static constexpr std::string_view kPhrases[] = {"rcpt to",
                                                  "rcpt command",
                                                  "rcpt_to",
                                                  "smtp:rcpt",
                                                  "does not like recipient",
                                                  "after mail from",
                                                  "mail from command",
                                                  "in reply to mail from",
                                                  ">>> mail from",
                                                  "our mail from",
                                                  "end of data",
                                                  "data command",
                                                  "final data",
                                                  ">>> data",
                                                  "after data",
                                                  "after ehlo",
                                                  "after helo",
                                                  "initial connection",
                                                  "my name was rejected",
                                                  "in reply to ehlo",
                                                  "greeting"};
  static constexpr std::string_view kCommands[] = {
      "RCPT", "RCPT", "RCPT", "RCPT", "RCPT", "MAIL", "MAIL", "MAIL", "MAIL", "MAIL", "DATA",
      "DATA", "DATA", "DATA", "DATA", "CONN", "CONN", "CONN", "CONN", "CONN", "CONN"};
  const int i = find_any_ci_squeezed(raw, kPhrases);
  return i < 0 ? std::string() : std::string(kCommands[i]);
}

std::vector<Found> collect_found(const std::vector<std::string_view>& lines,
                                 const std::vector<Anchor>& anchors) {
  std::vector<Found> out;
  std::vector<std::string> keys;  // lower-cased addresses, parallel to out
  std::vector<bool> is_anchor_line(lines.size(), false);
  for (const Anchor& a : anchors)
    if (a.line < lines.size()) is_anchor_line[a.line] = true;
  for (std::size_t k = 0; k < anchors.size(); ++k) {
    const Anchor& a = anchors[k];
    std::string diag;
    add_line(diag, a.head);
    if (a.line < lines.size()) {
      if (a.transcript) {
        // Sendmail puts the server's answer on the transcript lines just above its summary,
        // and a local mailer's complaint ("mail.local: unknown user: x") before that; the
        // latter only counts when the list of addresses gave no "(reason: ...)".
        const auto known = std::find(keys.begin(), keys.end(), to_lower(a.address));
        const bool said =
            known != keys.end() &&
            has_letters(out[static_cast<std::size_t>(known - keys.begin())].diagnostic);
        std::size_t b = a.line;
        while (b > 0 && a.line - b < 6 && !trim(lines[b - 1]).empty() &&
               !is_separator(lines[b - 1]) && !is_anchor_line[b - 1] &&
               (!said || is_transcript(lines[b - 1])))
          --b;
        for (std::size_t i = b; i < a.line; ++i) add_line(diag, lines[i]);
      } else {
        // The block runs to the next address or separator; a blank line ends it once it has
        // said something (a reply code or a reason), before the report's closing remarks.
        std::size_t next = k + 1;  // the same address named again does not end its block
        while (next < anchors.size() && to_lower(anchors[next].address) == to_lower(a.address))
          ++next;
        std::size_t end = next < anchors.size() ? anchors[next].line : lines.size();
        bool said = false;  // a reply code or a reason so far (checked once per paragraph)
        std::size_t checked = 0;
        for (std::size_t i = a.line + 1; i < end && i < lines.size(); ++i) {
          if (is_separator(lines[i])) break;
          if (trim(lines[i]).empty()) {
            const std::string_view fresh = std::string_view(diag).substr(checked);
            said = said || !find_reply_code(fresh).empty() || domain::says_any_reason(fresh);
            checked = diag.size();
            if (said) break;
            continue;
          }
          add_line(diag, lines[i]);
        }
      }
    }
    const std::string key = to_lower(a.address);
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) {
      keys.push_back(key);
      out.push_back(Found{});
      out.back().address = a.address;
      it = keys.end() - 1;
    }
    Found& f = out[static_cast<std::size_t>(it - keys.begin())];
    // Sendmail: "a@host\n    (expanded from: a@alias)": the address the sender gave.
    constexpr std::string_view kExpanded = "(expanded from:";
    if (const auto e = find_ci(diag, kExpanded); e != std::string::npos) {
      const std::string given = first_address(std::string_view(diag).substr(e + kExpanded.size()));
      if (!given.empty() && to_lower(given) != key) f.original_address = given;
    }
    if (!diag.empty() && f.diagnostic.find(diag) == std::string::npos) add_line(f.diagnostic, diag);
  }
  // Answers in a session transcript that name the address ("<<< 550 5.1.1 <a@b>... ").
  for (std::size_t n = 0; n < out.size(); ++n) {
    if (has_letters(out[n].diagnostic) && !find_reply_code(out[n].diagnostic).empty()) continue;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::string_view t = trim(lines[i]);
      if ((!t.starts_with("<<<") && find_reply_code(t.substr(0, 4)).empty()) ||
          !contains_ci(t, keys[n]))
        continue;
      if (i > 0 && is_transcript(lines[i - 1])) add_line(out[n].diagnostic, lines[i - 1]);
      add_line(out[n].diagnostic, t);
    }
  }
  // Nothing about this address in particular: what the whole report says applies.
  std::string common;
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (!is_anchor_line[i]) add_line(common, lines[i]);
  for (Found& f : out) {
    // Nothing useful next to the address (a list of message details): the report's words.
    if (!has_letters(f.diagnostic) ||
        (find_reply_code(f.diagnostic).empty() && !domain::says_any_reason(f.diagnostic)))
      add_line(f.diagnostic, common);
    f.reply_code = find_reply_code(f.diagnostic);
    f.status = find_status_code(f.diagnostic, f.reply_code);
    f.command = smtp_command_in(f.diagnostic);
  }
  return out;
}

}  // namespace herald::bounce
