#include "domain/reply_reading.h"

#include "common/ascii.h"
#include "domain/reasons.h"
#include "domain/smtp_codes.h"

namespace herald::domain {

namespace {

// The one precedence list. Tried in this order: the first whose words match (or whose status
// code the reply states) wins. The more specific a class, the earlier it comes: "mailbox full"
// beats the 5.1.1 some servers send with it; a DMARC rejection is an authentication failure
// before it is a block; "to protect our users from spam, mail from your IP address has been
// rate limited" is about our speed.
constexpr std::string_view kFirst[] = {
    "systemfull",    "mailboxfull",     "exceedlimit", "mesgtoobig",  "suspend",     "hasmoved",
    "norelaying",    "notcompliantrfc", "authfailure", "userunknown", "filtered",    "requireptr",
    "badreputation", "rejected",        "notaccept",   "hostunknown", "toomanyconn", "speeding",
    "blockedhost",   "spamdetected",    "blocked"};

// A server that refuses the sender (MAIL FROM) or the connection itself has not looked at the
// recipient: only these say more than "rejected" / "blocked" then.
constexpr std::string_view kBeforeRecipient[] = {
    "norelaying", "authfailure", "requireptr", "toomanyconn", "speeding", "blockedhost", "blocked"};

// Tried after the status code: their words are common in replies about other problems.
constexpr std::string_view kSecond[] = {
    "virusdetected", "policyviolation", "expired",      "failedstarttls", "securityerror",
    "mailererror",   "systemerror",     "networkerror", "syntaxerror",    "contenterror"};

// The word that ends where text[pos] begins.
std::string_view word_before(std::string_view text, std::size_t pos) {
  std::size_t b = pos;
  while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '<' && text[b - 1] != '\'') --b;
  return text.substr(b, pos - b);
}

// "554 delivery error: dd ola@example.net is no longer valid": the address itself is said to
// be missing, which is said of no other trouble, whatever the command it answered.
bool names_missing_address(std::string_view text) {
  for (std::string_view missing : {" does not exist", " doesn't exist", " is no longer valid",
                                   " is not valid", " is invalid", " is unknown"}) {
    for (auto pos = text.find(missing); pos != std::string_view::npos;
         pos = text.find(missing, pos + 1)) {
      std::string_view word = word_before(text, pos);
      if (!word.empty() && word.back() == '>') word.remove_suffix(1);
      const auto at = word.find('@');
      if (at != std::string_view::npos && at > 0 && at + 1 < word.size()) return true;
    }
  }
  return false;
}

// "553 mx.example.net does not exist": a host name, not a mailbox, is missing.
bool names_missing_domain(std::string_view text) {
  const auto pos = text.find(" does not exist");
  if (pos == std::string_view::npos) return false;
  const std::string_view word = word_before(text, pos);
  if (word.find('.') == std::string_view::npos || word.find('@') != std::string_view::npos)
    return false;
  for (char c : word)
    if (!((c >= 'a' && c <= 'z') || ascii_is_digit(c) || c == '.' || c == '-')) return false;
  return word.front() != '.' && word.back() != '.';
}

// What a report says about the state of the mailbox or the form of the message applies to
// its only recipient even when it is not next to the address ("The user(s) account is
// disabled." above "<a@b>: 550 user unknown").
bool sole_context(std::string_view reason) {
  return reason == "mailboxfull" || reason == "suspend" || reason == "notcompliantrfc";
}

struct Facts {
  std::string_view status_reason;
  SmtpCommand command;
  int code;
  bool address_status;  // an x.1.y code: the server spoke about the address
  const ReportFacts& report;

  bool surroundings_say(std::string_view reason) const {
    return report.surroundings != nullptr && report.surroundings->reasons().has(reason);
  }
};

// "User unknown" means the address does not exist only when it answered RCPT TO (or the code
// says so, or the words are ones only said of missing addresses). After DATA it is a filter's
// verdict. Beside words about our sender ("Unrouteable address ... Sender verify failed") it is
// about the sender.
bool user_unknown(const Facts& f, std::string_view text, const ReasonSet& said) {
  if (f.status_reason == "userunknown") {
    for (std::string_view other :
         {"norelaying", "blocked", "blockedhost", "mailboxfull", "hasmoved", "rejected",
          "notaccept", "filtered", "speeding", "toomanyconn"})
      if (said.has(other)) return false;
    return true;
  }
  if (said.has("rejected")) return false;
  if (names_missing_address(text)) return true;
  if (!said.has("userunknown")) return false;
  return f.command == SmtpCommand::rcpt_to || f.address_status || said.has("nosuchaddress") ||
         f.surroundings_say("nosuchaddress");
}

bool filtered(const Facts& f, const ReasonSet& said) {
  // Words about our sender say why it was refused.
  if (said.has("rejected") && !said.has("filtered")) return false;
  const bool words = said.has("filtered") || said.has("userunknown");
  if (f.status_reason == "suspend") return false;
  if (f.status_reason == "filtered") return words;
  return f.command != SmtpCommand::rcpt_to && f.command != SmtpCommand::mail_from && words;
}

std::string before_recipient(const Facts& f, std::string_view text, const ReasonSet& said) {
  if (text.find("reputation") != std::string_view::npos) return "badreputation";
  // MAIL FROM declares the message's size (RFC 1870): a size refusal there is about the message.
  if (f.status_reason == "exceedlimit" || f.status_reason == "mesgtoobig")
    return std::string(f.status_reason);
  if (said.has("mesgtoobig")) return "mesgtoobig";
  for (std::string_view r : kBeforeRecipient)
    if (said.has(r)) return std::string(r == "blockedhost" ? "blocked" : r);
  // "421 Service not available" at the greeting: the server is closing for now, not blocking us.
  if (f.command == SmtpCommand::connection) return f.code == 421 ? "systemerror" : "blocked";
  if (said.has("rejected")) return "rejected";
  for (std::string_view r : kSecond)
    if (said.has(r)) return std::string(r);
  return "rejected";
}

// x.3.2 "System not accepting network messages" (RFC 3463: shutdown, excessive load,
// maintenance): the receiving system's state, which words that name a cause ("too many
// concurrent connections") say more precisely; it names notaccept only when they name none.
bool system_not_accepting(std::string_view status) {
  return status.size() >= 5 && status.substr(1, 4) == ".3.2" &&
         (status.size() == 5 || !ascii_is_digit(status[5]));
}

struct Status {
  int cls = 0;
  int subject = -1;
  int detail = -1;
};

Status parse_status(std::string_view s) {
  Status st;
  int* field[] = {&st.cls, &st.subject, &st.detail};
  int i = 0;
  for (char c : s) {
    if (c == '.') {
      if (++i > 2) break;
      *field[i] = 0;
    } else if (ascii_is_digit(c)) {
      *field[i] = *field[i] * 10 + (c - '0');
    } else {
      break;
    }
  }
  return st;
}

// What a code says when the words name nothing: 421 and 4.7.x are the server refusing us for
// now; otherwise the class the status table or the code's subject names.
std::string reason_by_code(std::string_view status, int code) {
  const Status st = parse_status(status);
  if (st.cls == 4 && st.subject == 7) return "blocked";
  if (code == 421) return "systemerror";
  if (std::string named = status_reason(status); !named.empty()) return named;
  switch (st.subject) {
    case 1:
      return "userunknown";
    case 3:
      return "systemerror";
    case 4:
      return "networkerror";
    case 5:
      return "syntaxerror";
    case 6:
      return "contenterror";
    case 7:
      return "securityerror";
    default:
      return "undefined";
  }
}

}  // namespace

SmtpCommand smtp_command_from_verb(std::string_view verb) {
  if (verb == "MAIL") return SmtpCommand::mail_from;
  if (verb == "RCPT") return SmtpCommand::rcpt_to;
  if (verb == "DATA" || verb == "BDAT") return SmtpCommand::data;
  if (verb == "CONN" || verb == "EHLO" || verb == "HELO" || verb == "STARTTLS" || verb == "AUTH")
    return SmtpCommand::connection;
  return SmtpCommand::unknown;
}

std::string reply_words(std::string_view text) {
  const std::string s = ascii_lower(text);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool at_word = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n';
    if (at_word && (s.compare(i, 4, "<<< ") == 0 || s.compare(i, 4, ">>> ") == 0)) {
      i += 3;  // session transcript markers
      continue;
    }
    if (at_word && i + 4 <= s.size() && s[i] >= '2' && s[i] <= '5' && ascii_is_digit(s[i + 1]) &&
        ascii_is_digit(s[i + 2]) && (s[i + 3] == '-' || s[i + 3] == ' ')) {
      std::size_t j = i + 4;
      const std::size_t status = j;
      if (j + 4 < s.size() && ascii_is_digit(s[j]) && s[j + 1] == '.') {
        while (j < s.size() && (ascii_is_digit(s[j]) || s[j] == '.')) ++j;
      }
      if (s[i + 3] == '-' || j > status) {
        if (!out.empty()) {  // keep the first code: it is the reply
          i = j < s.size() && s[j] == ' ' ? j : j - 1;
          continue;
        }
      }
    }
    out += s[i];
  }
  return out;
}

std::string read_reply(const Reply& reply, const ReportFacts& report) {
  const std::string status_name = status_reason(reply.status);
  const std::string_view status = reply.status;
  const Facts f{status_name, reply.command, reply.code,
                report.address_status || (status.size() > 3 && status.substr(1, 3) == ".1."),
                report};
  const std::string_view text = reply.words;
  const ReasonSet said = reasons_in(text);
  if (f.command == SmtpCommand::mail_from || f.command == SmtpCommand::connection)
    return before_recipient(f, text, said);
  // Exim's own words under an address it found no route to, with no server's reply: the
  // recipient's domain is the trouble. A server's "550 Unrouteable address" to our RCPT TO is
  // about its own mailbox.
  if (reply.code == 0 && f.command == SmtpCommand::unknown && !said.has("rejected") &&
      text.find("unrouteable address") != std::string_view::npos)
    return "hostunknown";
  for (std::string_view r : kFirst) {
    if (r == "blockedhost") {
      if (said.has(r)) return "blocked";
    } else if (r == "userunknown") {
      if (user_unknown(f, text, said)) return std::string(r);
    } else if (r == "filtered") {
      if (filtered(f, said)) return std::string(r);
    } else if ((f.status_reason == r && !system_not_accepting(status)) || said.has(r) ||
               (r == "hostunknown" && names_missing_domain(text)) ||
               (report.sole && sole_context(r) && f.surroundings_say(r))) {
      return std::string(r);
    }
  }
  // An "other or undefined" code (x.y.0) names only a subject; words about our sender say more.
  if (report.about_sender && parse_status(status).detail == 0) return "rejected";
  // x.3.2 names the system's state; "internal server error" or "service unavailable" beside it
  // names the cause.
  if (system_not_accepting(status))
    for (std::string_view r : kSecond)
      if (said.has(r)) return std::string(r);
  if (!f.status_reason.empty() && !is_vague_reason(f.status_reason))
    return std::string(f.status_reason);
  // Given up after the queue time, with no code that names the last error: the words of that
  // error ("resources temporarily unavailable") are why it was retried, not why it failed.
  if (f.status_reason.empty() && said.has("gaveup")) return "expired";
  for (std::string_view r : kSecond)
    if (said.has(r)) return std::string(r);
  if (report.about_sender) return "rejected";
  // A security or policy code (x.7.x) that answers the message itself, not our sender or the
  // recipient: the receiver's policy refused what the message holds.
  if (f.status_reason == "securityerror" && f.command == SmtpCommand::data)
    return "policyviolation";
  return std::string(f.status_reason);
}

std::string reason_of_reply(const Reply& reply) {
  if (reply.code / 100 == 2 || reply.status.starts_with("2.")) return {};
  const std::string implied = reply.status.empty() ? default_enhanced_code(reply.code) : "";
  const std::string_view status = reply.status.empty() ? std::string_view(implied) : reply.status;
  std::string reason = read_reply(reply);
  if (reason.empty()) {
    if (status.empty() && reply.code == 0) return {};
    reason = reason_by_code(status, reply.code);
  }
  const bool temporary = reply.code / 100 == 4 || status.starts_with("4");
  return std::string(for_temporary_failure(reason, temporary));
}

std::string_view for_temporary_failure(std::string_view reason, bool temporary) {
  return reason == "hostunknown" && temporary ? "networkerror" : reason;
}

}  // namespace herald::domain
