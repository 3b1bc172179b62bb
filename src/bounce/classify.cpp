// From what a report says about one recipient to a reason class, a status and hard/soft.
#include "bounce/classify.h"

#include "domain/phrase_index.h"
#include "domain/reasons.h"

namespace herald::bounce {

namespace {

// Tried in this order: the first whose words match (or whose status code the report states)
// wins. The more specific a class, the earlier it comes: "mailbox full" beats the 5.1.1 some
// servers send with it; a DMARC rejection is an authentication failure before it is a block.
constexpr std::string_view kFirst[] = {
    "mailboxfull",  "exceedlimit",     "mesgtoobig",  "suspend",     "hasmoved",
    "norelaying",   "notcompliantrfc", "authfailure", "userunknown", "filtered",
    "requireptr",   "badreputation",   "rejected",    "notaccept",   "hostunknown",
    "spamdetected", "toomanyconn",     "speeding",    "blocked"};

// A server that refuses the sender (MAIL FROM) or the connection itself has not looked at the
// recipient: only these say more than "rejected" / "blocked" then.
constexpr std::string_view kBeforeRecipient[] = {"norelaying",  "authfailure", "requireptr",
                                                 "toomanyconn", "speeding",    "blocked"};

// Tried after the status code: their words are common in replies about other problems.
constexpr std::string_view kSecond[] = {"virusdetected",  "policyviolation", "expired",
                                        "failedstarttls", "securityerror",   "systemfull",
                                        "mailererror",    "systemerror",     "networkerror",
                                        "syntaxerror",    "contenterror"};

constexpr std::size_t kMaxDiagnostic = 1000;

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// "550-5.7.1 Messages with multiple 550-5.7.1 addresses in From:" -> "Messages with multiple
// addresses in From:": the codes of continued reply lines split the words apart.
std::string without_reply_prefixes(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool at_word = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n';
    if (at_word && (s.compare(i, 4, "<<< ") == 0 || s.compare(i, 4, ">>> ") == 0)) {
      i += 3;  // session transcript markers
      continue;
    }
    if (at_word && i + 4 <= s.size() && s[i] >= '2' && s[i] <= '5' && digit(s[i + 1]) &&
        digit(s[i + 2]) && (s[i + 3] == '-' || s[i + 3] == ' ')) {
      std::size_t j = i + 4;
      const std::size_t status = j;
      if (j + 4 < s.size() && digit(s[j]) && s[j + 1] == '.') {
        while (j < s.size() && (digit(s[j]) || s[j] == '.')) ++j;
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

// "553 mx.example.net does not exist": a host name, not a mailbox, is missing.
bool names_missing_domain(std::string_view text) {
  const auto pos = text.find(" does not exist");
  if (pos == std::string_view::npos) return false;
  std::size_t b = pos;
  while (b > 0 && text[b - 1] != ' ' && text[b - 1] != '<' && text[b - 1] != '\'') --b;
  const std::string_view word = text.substr(b, pos - b);
  if (word.find('.') == std::string_view::npos || word.find('@') != std::string_view::npos)
    return false;
  for (char c : word)
    if (!((c >= 'a' && c <= 'z') || digit(c) || c == '.' || c == '-')) return false;
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
  std::string_view command;
  bool address_status;  // an x.1.y code: the server spoke about the address
  bool about_sender;    // the words name our sender, not the recipient
  bool program_failed;  // a local program (pipe, procmail) reported the failure
  const ReportContext& context;
  bool sole;  // the only recipient of the report
};

// "User unknown" means the address does not exist only when it answered RCPT TO (or the code
// says so, or the words are ones only said of missing addresses). After DATA it is a filter's
// verdict.
bool user_unknown(const Facts& f, const domain::ReasonSet& said) {
  if (f.status_reason == "userunknown") {
    for (std::string_view other :
         {"norelaying", "blocked", "mailboxfull", "hasmoved", "rejected", "notaccept", "filtered"})
      if (said.has(other)) return false;
    return true;
  }
  if (!said.has("userunknown")) return false;
  return f.command == "RCPT" || f.address_status || said.has("nosuchaddress") ||
         f.context.reasons().has("nosuchaddress");
}

bool filtered(const Facts& f, const domain::ReasonSet& said) {
  const bool words = said.has("filtered") || said.has("userunknown");
  if (f.status_reason == "suspend") return false;
  if (f.status_reason == "filtered") return words;
  return f.command != "RCPT" && f.command != "MAIL" && words;
}

std::string by_words(const Facts& f, std::string_view text) {
  const domain::ReasonSet said = domain::reasons_in(text);
  if (f.command == "MAIL" || f.command == "CONN") {
    if (text.find("reputation") != std::string_view::npos) return "badreputation";
    for (std::string_view r : kBeforeRecipient)
      if (said.has(r)) return std::string(r);
    if (f.command == "CONN") return "blocked";
    if (said.has("rejected")) return "rejected";
    for (std::string_view r : kSecond)
      if (said.has(r)) return std::string(r);
    return "rejected";
  }
  for (std::string_view r : kFirst) {
    if (r == "userunknown") {
      if (user_unknown(f, said)) return std::string(r);
    } else if (r == "filtered") {
      if (filtered(f, said)) return std::string(r);
    } else if (f.status_reason == r || said.has(r) ||
               (r == "hostunknown" && names_missing_domain(text)) ||
               (f.sole && sole_context(r) && f.context.reasons().has(r))) {
      return std::string(r);
    }
  }
  if (!f.status_reason.empty() && !domain::is_vague_reason(f.status_reason))
    return std::string(f.status_reason);
  for (std::string_view r : kSecond)
    if (said.has(r)) return std::string(r);
  if (f.status_reason.empty() && said.has("gaveup")) return "expired";
  if (f.about_sender) return "rejected";
  return std::string(f.status_reason);
}

}  // namespace

const std::string& ReportContext::lower_text() const {
  if (!lowered_) lower_ = to_lower(text_);
  lowered_ = true;
  return lower_;
}

const domain::ReasonSet& ReportContext::reasons() const {
  if (!read_) reasons_ = domain::reasons_in(lower_text());
  read_ = true;
  return reasons_;
}

BounceRecipient classify(const Found& found, const ReportContext& context) {
  BounceRecipient out;
  out.address = found.address;
  out.reply_code = found.reply_code;
  out.status = found.status;
  out.feedback_type = found.feedback_type;
  out.diagnostic = squeeze_spaces(found.diagnostic);
  if (out.diagnostic.size() > kMaxDiagnostic) {  // a block that ran into a quoted message
    std::size_t cut = kMaxDiagnostic;
    while (cut > 0 && (static_cast<unsigned char>(out.diagnostic[cut]) & 0xC0) == 0x80) --cut;
    out.diagnostic.resize(cut);
  }

  const std::string diag = without_reply_prefixes(to_lower(found.diagnostic));
  const std::string status_name = domain::status_reason(found.status);
  const Facts facts{
      status_name,
      found.command,
      found.address_status || (found.status.size() > 3 && found.status.substr(1, 3) == ".1."),
      found.about_sender,
      found.diagnostic_type == "x-unix",
      context,
      found.sole};
  std::string reason = found.reason;
  if (reason.empty() && (found.status.starts_with("2.") || found.action == "delivered" ||
                         found.action == "relayed" || found.action == "expanded"))
    reason = "delivered";
  if (reason.empty()) reason = by_words(facts, diag);
  // Nothing about this recipient in particular: the command it failed at, then the report.
  // "Diagnostic-Code: X-Unix; 71": the exit code of a local delivery program.
  if (reason.empty() && facts.program_failed) reason = "mailererror";
  if (reason.empty()) reason = by_words(facts, context.lower_text());
  if (reason.empty() && found.action == "delayed") reason = "expired";
  if (reason.empty()) reason = diag.empty() ? "undefined" : "onhold";
  // A name server that did not answer this time is not a domain that does not exist.
  const bool temporary_failure = found.status.starts_with("4") ||
                                 found.reply_code.starts_with("4") || found.action == "delayed";
  if (reason == "hostunknown" && temporary_failure) reason = "networkerror";
  out.reason = reason;

  if (out.status.empty()) {
    // Words of a temporary failure: "temporary", "persistent", "retry", "have been failing".
    const bool temporary = found.reply_code.starts_with("4") ||
                           (found.reply_code.empty() &&
                            (contains_ci(diag, "temporar") || contains_ci(diag, "persistent") ||
                             contains_ci(diag, "retry") || contains_ci(diag, "been failing")));
    out.status = domain::pseudo_status(reason, temporary);
  }
  out.hard_bounce = domain::is_hard_reason(
      reason, out.status.starts_with("4") || out.reply_code.starts_with("4"));
  return out;
}

}  // namespace herald::bounce
