#include "domain/smtp_reason.h"

#include <array>

#include "domain/phrase_index.h"
#include "domain/reasons.h"

namespace herald::domain {

namespace {

// A server's reply alone, without the context a bounce report gives: the first class whose
// words it holds wins, so the order matters. "Sender address rejected: Domain not found" is
// about our sender (rejected), not the recipient's domain; "Message not RFC 5322 compliant ...
// To reduce the amount of spam" is a format problem; Spamhaus listings are "blocked".
constexpr std::array<std::string_view, 30> kReplyOrder{
    "norelaying",  "notcompliantrfc", "authfailure",    "requireptr",    "rejected",
    "notaccept",   "hostunknown",     "userunknown",    "badreputation", "toomanyconn",
    "speeding",    "mailboxfull",     "exceedlimit",    "mesgtoobig",    "systemfull",
    "suspend",     "hasmoved",        "virusdetected",  "spamdetected",  "blocked",
    "filtered",    "policyviolation", "failedstarttls", "securityerror", "syntaxerror",
    "systemerror", "networkerror",    "expired",        "mailererror",   "contenterror"};

struct Status {
  int cls = 0;
  int subject = -1;
  int detail = -1;
};

Status parse_status(std::string_view s) {
  Status st;
  int* field[] = {&st.cls, &st.subject, &st.detail};
  int i = 0;
  *field[0] = 0;
  for (char c : s) {
    if (c == '.') {
      if (++i > 2) break;
      *field[i] = 0;
    } else if (c >= '0' && c <= '9') {
      *field[i] = *field[i] * 10 + (c - '0');
    } else {
      break;
    }
  }
  return st;
}

// Where a stated code and the words name different classes, the words win when the code is
// vague, when it is about security or policy (x.7.y: the words say which), when it says the
// mailbox refuses without saying why (filtered), or when Exchange's "5.1.10 recipient not
// found" borrows the null-MX code.
bool words_refine(const Status& st, std::string_view named, std::string_view said) {
  return is_vague_reason(named) || st.subject == 7 || named == "filtered" ||
         (named == "notaccept" && said == "userunknown");
}

// The class a subject names when the table has nothing more exact and the words said nothing.
std::string reason_for_subject(const Status& st) {
  switch (st.subject) {
    case 1:
      return "userunknown";
    case 2:
      return "undefined";
    case 3:
      return "systemerror";
    case 4:
      return "networkerror";
    case 5:
      return "syntaxerror";
    case 6:
      return "contenterror";
    case 7:
      return st.cls == 4 ? "blocked" : "securityerror";
    default:
      return "undefined";
  }
}

}  // namespace

std::string reason_from_text(std::string_view text) {
  const ReasonSet said = reasons_in(text);
  if (!said.any()) return {};
  for (std::string_view r : kReplyOrder)
    if (said.has(r)) return std::string(r);
  return said.has("nosuchaddress") ? "userunknown" : "";
}

std::string reason_from_status(std::string_view enhanced, std::string_view text, bool stated,
                               int reply_code) {
  const Status st = parse_status(enhanced);
  if (st.cls == 2) return {};
  const std::string said = reason_from_text(text);
  const std::string named = status_reason(enhanced);
  if (stated && st.detail > 0 && !named.empty()) {
    if (!said.empty() && words_refine(st, named, said)) return said;
    return named;
  }
  // 421 and 4.7.x: the server is refusing us for now; the words tell why.
  if (reply_code == 421 || (st.cls == 4 && st.subject == 7)) {
    if (!said.empty()) return said;
    return st.cls == 4 && st.subject == 7 ? "blocked" : "systemerror";
  }
  if (!said.empty()) return said;
  if (!named.empty()) return named;
  return reason_for_subject(st);
}

}  // namespace herald::domain
