// Free-text bounces. MTAs differ in wording but share a few layouts: a failed address opens a
// line ("<a@b>: host said: 550 ...", "  a@b", "a@b on <date>", "550 <a@b>... User unknown",
// "Recipient: a@b") and the lines after it, up to the next address or a separator, say why.
#include <algorithm>
#include <cctype>
#include <optional>

#include "bounce/found.h"
#include "bounce/text_layout.h"
#include "common/ascii.h"
#include "domain/phrase_index.h"

namespace herald::bounce {

namespace {

// "550 <a@b>... User unknown" -> {"a@b", "User unknown", "550"}.
std::optional<Anchor> sendmail_line(std::string_view s) {
  if (s.size() < 8 || !ascii_is_digit(s[0]) || !ascii_is_digit(s[1]) || !ascii_is_digit(s[2]) ||
      (s[3] != ' ' && s[3] != '-'))
    return std::nullopt;
  std::string_view rest = trim(s.substr(4));
  if (!find_status_code(rest.substr(0, rest.find(' ')), s.substr(0, 3)).empty())  // 550 5.1.1
    rest = trim(rest.substr(std::min(rest.size(), rest.find(' '))));
  const std::string_view code = trim(s.substr(0, s.size() - rest.size()));
  const auto dots = rest.find("...");
  if (dots == std::string_view::npos) return std::nullopt;
  const std::string_view who = trim(rest.substr(0, dots));
  const auto spans = find_addresses(who);
  Anchor a;
  if (spans.size() == 1 && spans[0].pos <= 1) {
    a.address = std::string(who.substr(spans[0].pos, spans[0].len));
  } else if (who.starts_with("\"|") || who.starts_with("|")) {  // delivery to a program
    a.address = std::string(who.substr(who.front() == '"' ? 1 : 0));
    if (a.address.ends_with("\"")) a.address.pop_back();
  } else {
    return std::nullopt;
  }
  std::string_view words = trim(rest.substr(dots + 3));
  a.head = find_reply_code(words).empty() ? std::string(code) + " " + std::string(words)
                                          : std::string(words);
  a.transcript = true;
  return a;
}

// "421 example.com (smtp)... Deferred: Connection timed out": {host, "421 Deferred: ..."}.
std::optional<Anchor> host_line(std::string_view s) {
  if (s.size() < 8 || find_reply_code(s.substr(0, 4)).empty()) return std::nullopt;
  const auto dots = s.find("...");
  if (dots == std::string_view::npos) return std::nullopt;
  std::string_view who = trim(s.substr(4, dots - 4));
  if (who.ends_with("(smtp)") || who.ends_with("(esmtp)"))
    who = trim(who.substr(0, who.rfind('(')));
  if (who.find(' ') != std::string_view::npos || who.find('@') != std::string_view::npos ||
      who.find('.') == std::string_view::npos)
    return std::nullopt;
  Anchor a;
  a.address = std::string(who);
  a.head = std::string(s.substr(0, 4)) + std::string(trim(s.substr(dots + 3)));
  return a;
}

// Words that introduce a failed address at the start of a line.
constexpr std::string_view kLabels[] = {"failed recipient:",
                                        "failed recipients:",
                                        "failed address:",
                                        "recipient address:",
                                        "recipient:",
                                        "recipients:",
                                        "rcpt to:",
                                        "unknown user:",
                                        "invalid recipient:",
                                        "addressee:",
                                        "address:",
                                        "e-mail address:",
                                        "email address:",
                                        "mailbox:",
                                        "bad address:",
                                        "unrouteable address:",
                                        "user:",
                                        "to address:",
                                        "could not be delivered to:",
                                        "destinataire:",
                                        "empfänger:",
                                        "recipient unknown:"};

// Whether a line's label says that something went wrong, in words of no particular reason
// ("Delivery failed 20 attempts", "Mailbox exceeds allowed size"): a layout of its own,
// whatever the reason turns out to be.
bool says_failure(std::string_view label) {
  static constexpr std::string_view kWords[] = {
      "failed", "failure",       "error",  "exceeds", "exceeded", "rejected",      "refused",
      "denied", "undeliverable", "unable", "invalid", "unknown",  "not delivered", "could not"};
  for (std::string_view w : kWords) {
    for (auto at = label.find(w); at != std::string_view::npos; at = label.find(w, at + 1)) {
      const bool starts = at == 0 || !ascii_is_alnum(label[at - 1]);
      const bool ends = at + w.size() == label.size() || !ascii_is_alnum(label[at + w.size()]);
      if (starts && ends) return true;
    }
  }
  return false;
}

// "User mailbox exceeds allowed size: a@b": words, a colon, and an address that ends the line.
std::optional<Anchor> label_line(std::string_view s, AddressSpan span) {
  std::string_view rest = s.substr(span.pos + span.len);
  while (!rest.empty() && (rest.front() == '>' || rest.front() == '.' || rest.front() == ' '))
    rest.remove_prefix(1);
  if (!rest.empty()) return std::nullopt;
  std::string_view before = trim(s.substr(0, span.pos));
  if (before.ends_with("<")) before = trim(before.substr(0, before.size() - 1));
  if (!before.ends_with(":")) return std::nullopt;
  before = trim(before.substr(0, before.size() - 1));
  const std::string label = to_lower(before);
  if (label.size() < 3 || label.find(':') != std::string::npos) return std::nullopt;
  static constexpr std::string_view kNotFailed[] = {"to",
                                                    "from",
                                                    "cc",
                                                    "bcc",
                                                    "reply-to",
                                                    "sender",
                                                    "return-path",
                                                    "mail from",
                                                    "envelope-from",
                                                    "delivered-to",
                                                    "x-original-to",
                                                    "errors-to",
                                                    "original sender",
                                                    "sent by",
                                                    "sender address",
                                                    "from address",
                                                    "your address"};
  for (std::string_view n : kNotFailed)
    if (label == n) return std::nullopt;
  if (!domain::says_any_reason(label) && !says_failure(label)) return std::nullopt;
  Anchor a;
  a.address = std::string(s.substr(span.pos, span.len));
  a.head = std::string(before);
  return a;
}

// A line that names a failed address where the layouts above put one.
std::optional<Anchor> anchor_in(std::string_view line) {
  std::string_view s = trim(line);
  if (s.empty() || s.starts_with("<<<")) return std::nullopt;
  if (s.starts_with(">>>")) {  // ">>> a@b" lists an address; ">>> RCPT TO:<a@b>" is a dialogue
    s = trim(s.substr(3));
    const auto spans = find_addresses(s);
    if (spans.empty() || spans[0].pos > 1) return std::nullopt;
  }
  if (auto a = sendmail_line(s)) return a;
  while (!s.empty() && (s.front() == '*' || s.front() == '-' || s.front() == '>' ||
                        s.front() == '"' || s.front() == '\''))
    s = trim(s.substr(1));
  for (std::string_view label : kLabels) {
    if (!starts_with_ci(s, label)) continue;
    std::string_view rest = trim(s.substr(label.size()));
    if (rest.starts_with("rfc822;") || rest.starts_with("RFC822;")) rest = trim(rest.substr(7));
    const auto spans = find_addresses(rest);
    if (spans.empty() || spans[0].pos > 2) return std::nullopt;
    Anchor a;
    a.address = std::string(rest.substr(spans[0].pos, spans[0].len));
    // "Unknown user: a@b" states the reason in its label.
    a.head = std::string(s.substr(0, label.size())) + " " +
             std::string(trim(rest.substr(spans[0].pos + spans[0].len)));
    return a;
  }
  const auto spans = find_addresses(s);
  if (spans.empty()) return std::nullopt;
  if (spans[0].pos > 1) return label_line(s, spans.back());
  if (spans[0].pos == 1 && s[0] != '<' && s[0] != '(' && s[0] != '[') return std::nullopt;
  Anchor a;
  a.address = std::string(s.substr(spans[0].pos, spans[0].len));
  std::string_view rest = s.substr(spans[0].pos + spans[0].len);
  while (!rest.empty() && (rest.front() == '>' || rest.front() == ':' || rest.front() == ','))
    rest.remove_prefix(1);
  a.head = std::string(trim(rest));
  return a;
}

// Phrases that announce the list of failed addresses on the next lines.
constexpr std::string_view kIntros[] = {"address(es) failed",
                                        "following address",
                                        "following recipient",
                                        "addresses had",
                                        "could not be delivered to",
                                        "did not reach the following",
                                        "was not delivered to",
                                        "could not be reached",
                                        "following destination",
                                        "one or more recipients",
                                        "an error delivering your mail to",
                                        "nicht zugestellt",
                                        "несколькими получателям",
                                        "delivery to the following",
                                        "your message to the following"};

bool is_intro(std::string_view line) {
  return find_any_ci(line, kIntros) >= 0;
}

// "... delivering your mail to <a@b>." — an address named inside a sentence about failure.
std::optional<Anchor> sentence_anchor(std::string_view line) {
  static constexpr std::string_view kLead[] = {
      "to ",          "to: ",     "for ",     "recipient ",    "recipient: ",
      "recipients: ", "address ", "errors: ", "message-id in "};  // a list manager's "Duplicated
                                                                  // Message-ID in <list>"
  for (const auto& span : find_addresses(line)) {
    std::string before = to_lower(line.substr(0, span.pos));
    while (!before.empty() && (before.back() == '<' || before.back() == '"')) before.pop_back();
    // "[Status: Error, Address: <a@b>, ResponseCode 421, ...]"
    const bool status_line = !find_reply_code(line).empty() || contains_ci(line, "code");
    if (status_line && before.ends_with("address: ")) {
      Anchor a;
      a.address = std::string(line.substr(span.pos, span.len));
      a.head = std::string(trim(line));
      return a;
    }
    for (std::string_view lead : kLead)
      if (before.ends_with(lead)) {
        Anchor a;
        a.address = std::string(line.substr(span.pos, span.len));
        a.head = std::string(trim(line.substr(span.pos + span.len)));
        return a;
      }
  }
  return std::nullopt;
}

std::string lower_address(std::string_view a) {
  return to_lower(a);
}

}  // namespace

std::vector<Found> read_text_bounce(const ReportParts& parts, std::string_view report_text,
                                    std::string_view returned_headers) {
  const std::vector<std::string_view> lines = unquote_lines(split_lines(report_text));
  std::vector<std::string> ours;  // the report's own correspondents are not failed recipients
  for (std::string_view h : {"from", "to", "reply-to", "sender", "return-path", "cc"})
    for (const auto& f : parts.headers)
      if (f.name == h)
        for (const auto& span : find_addresses(f.value))
          ours.push_back(lower_address(std::string_view(f.value).substr(span.pos, span.len)));
  const auto is_ours = [&](const std::string& a) {
    return std::find(ours.begin(), ours.end(), lower_address(a)) != ours.end();
  };

  std::vector<Anchor> anchors;
  bool after_intro = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (trim(line).empty()) continue;
    std::optional<Anchor> a = anchor_in(line);
    if (!a && after_intro) {
      // The first line after "The following address(es) failed:" names one, with or without
      // a domain ("  kijitora", "pipe to |/bin/x a@b").
      const std::string_view t = trim(line);
      if (auto spans = find_addresses(t); !spans.empty()) {
        a = Anchor{i, std::string(t.substr(spans[0].pos, spans[0].len)), {}, false};
      } else if (t.find(' ') == std::string_view::npos && !t.ends_with(":") && !is_separator(t)) {
        a = Anchor{i, std::string(t), {}, false};
      }
    }
    after_intro = trim(line).ends_with(":") &&
                  (is_intro(line) ||
                   (i > 0 && is_intro(std::string(lines[i - 1]) + " " + std::string(line))));
    if (!a) continue;
    a->line = i;
    anchors.push_back(std::move(*a));
  }
  // The report's own correspondents are named in greetings and notes; they are the failed
  // recipient only when nobody else is.
  if (std::any_of(anchors.begin(), anchors.end(),
                  [&](const Anchor& a) { return !is_ours(a.address); }))
    std::erase_if(anchors, [&](const Anchor& a) { return is_ours(a.address); });
  if (anchors.empty()) {
    // Sendmail reports a whole host failing ("421 example.com (smtp)... Deferred: ...") for
    // every recipient there, and those are in the returned copy's To and Cc.
    std::vector<std::string> copy_to;
    static constexpr std::string_view kFields[] = {"to", "cc"};
    for (const Field& f : parse_fields(returned_headers, kFields))
      for (const auto& span : find_addresses(f.value))
        copy_to.push_back(f.value.substr(span.pos, span.len));
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const auto host = host_line(trim(lines[i]));
      if (!host) continue;
      for (const std::string& to : copy_to)
        if (to_lower(to.substr(to.find('@') + 1)) == to_lower(host->address))
          anchors.push_back(Anchor{i, to, host->head, true});
    }
  }
  if (anchors.empty()) {
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (auto a = sentence_anchor(lines[i]); a && !is_ours(a->address)) {
        a->line = i;
        anchors.push_back(std::move(*a));
        break;
      }
  }
  // The MTA's own list of failed recipients (Exim, Gmail) settles which addresses failed.
  const std::string_view failed_header = parts.header("x-failed-recipients");
  std::vector<std::string> failed;
  for (const auto& span : find_addresses(failed_header))
    failed.push_back(lower_address(failed_header.substr(span.pos, span.len)));
  if (!failed.empty()) {
    std::erase_if(anchors, [&](const Anchor& a) {
      return std::find(failed.begin(), failed.end(), lower_address(a.address)) == failed.end();
    });
    for (const std::string& f : failed)
      if (std::none_of(anchors.begin(), anchors.end(),
                       [&](const Anchor& a) { return lower_address(a.address) == f; }))
        anchors.push_back(Anchor{lines.size(), f, {}, false});
  }
  return collect_found(lines, anchors);
}

}  // namespace herald::bounce
