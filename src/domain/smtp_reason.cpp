#include "domain/smtp_reason.h"

#include <array>
#include <cctype>
#include <initializer_list>

#include "common/ascii.h"

namespace herald::domain {

namespace {

struct PhraseRule {
  std::string_view reason;
  std::string_view phrases;  // separated by '|'
};

// First match wins, so the order matters: e.g. "Sender address rejected: Domain not found" is
// about our sender (rejected), not the recipient's domain; "Message not RFC 5322 compliant ...
// To reduce the amount of spam" is a format problem; Spamhaus listings are "blocked".
const std::array<PhraseRule, 25> kPhraseRules{{
    {"norelaying",
     "relay access denied|relaying denied|relay not permitted|not permitted to relay|"
     "relaying not allowed|unable to relay|relay denied|not allowed to relay|"
     "we do not relay|relaying disallowed|allowed rcpthosts|relay prohibited|no relaying|"
     "configured to relay|relaying is prohibited"},
    {"notcompliantrfc",
     "rfc 5322|rfc5322|rfc 2822|rfc2822|rfc 822|not rfc compliant|multiple 'from' headers|"
     "multiple addresses in from|duplicate header"},
    {"authfailure",
     "spf|dkim|dmarc|sender policy framework|unauthenticated email|"
     "sender is unauthenticated|fails to pass authentication|authentication checks"},
    {"requireptr",
     "reverse dns|reverse hostname|ptr record|no ptr|rdns|reverse lookup|"
     "cannot find your hostname|reverse dns lookup|fix reverse dns"},
    {"rejected",
     "sender address rejected|sender rejected|sender denied|sender verify failed|"
     "domain of sender address|sender domain|invalid sender|sender not allowed"},
    {"notaccept",
     "does not accept mail|not accepting mail|accepts no mail|null mx|no mail service"},
    {"hostunknown",
     "host unknown|unknown host|host not found|domain not found|no such domain|"
     "domain does not exist|unknown domain|unrouteable mail domain|domain name not found|"
     "nxdomain|domain is not reachable"},
    {"userunknown",
     "user unknown|unknown user|no such user|no such mailbox|no such recipient|"
     "no such account|does not exist|doesn't exist|unknown recipient|recipient unknown|"
     "invalid recipient|recipient not found|recipientnotfound|mailbox not found|"
     "address not found|unknown mailbox|mailbox unavailable|user not found|invalid mailbox|"
     "no mailbox here|not a valid recipient|addressee unknown|unrouteable address|"
     "is not a known user|unknown local part|this user doesn't have|not listed in|"
     "recipient address rejected: access denied"},
    {"badreputation", "reputation|poor reputation|bad reputation|low reputation"},
    {"toomanyconn",
     "too many connections|too many concurrent|connection limit|too many simultaneous|"
     "too many sessions|connection rate limit|connection frequency|too many recipients"},
    {"speeding",
     "rate limit|rate limited|rate-limited|ratelimit|unusual rate|sending rate|"
     "exceeded the rate|too many messages|slow down|unexpected volume|throttled|throttling|"
     "receiving mail at a rate|receiving mail too quickly|sending quota|sending limit"},
    {"mailboxfull",
     "mailbox full|mailbox is full|mail box full|full mailbox|over quota|overquota|"
     "quota exceeded|exceeded quota|exceeds quota|storage quota|mailbox size limit|"
     "mailfolder is full|disk quota|quotaexceeded"},
    {"mesgtoobig",
     "message size exceeds|message too large|message is too large|message too big|"
     "message is too big|exceeds the maximum message size|message length exceeds|"
     "message size limit|message exceeds|size exceeds"},
    {"systemfull", "insufficient system storage|system storage|disk full|out of disk space"},
    {"suspend",
     "account disabled|account is disabled|account has been disabled|mailbox disabled|"
     "mailbox is disabled|is disabled|suspended|deactivated|inactive|account is locked|"
     "no longer active|account is blocked|frozen"},
    {"hasmoved", "has moved|address has changed"},
    {"virusdetected", "virus|malware|infected"},
    {"spamdetected",
     "spam|unsolicited|junk mail|bulk mail|spammy|looks like spam|ube|content rejected"},
    {"blocked",
     "blocklist|blacklist|block list|black list|blocklisted|blacklisted|listed at|listed in|"
     "spamhaus|spamcop|barracuda|sorbs|dnsbl|rbl|blocked using|blocked|access denied|banned|"
     "not accepted from this ip|service refused"},
    {"filtered", "filtered|filter|content filter"},
    {"policyviolation", "policy|policies|administrative prohibition|prohibited by"},
    {"securityerror",
     "authentication required|authentication failed|authentication credentials|"
     "must issue a starttls|starttls|tls required|encryption required|must use tls|"
     "secure connection|smtp authentication"},
    {"syntaxerror",
     "syntax error|command unrecognized|unrecognized command|bad sequence of commands|"
     "command not implemented|parameter not implemented"},
    {"systemerror",
     "system error|internal error|local error|server error|temporary local problem|"
     "local problem|error in processing|configuration problem|transaction failed|"
     "service unavailable|service currently unavailable"},
    {"networkerror",
     "timeout|timed out|connection reset|connection closed|lost connection|"
     "connection refused|network is unreachable|no route to host|could not connect"},
}};

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool has_phrase(std::string_view hay, std::string_view phrase) {
  for (auto pos = hay.find(phrase); pos != std::string_view::npos;
       pos = hay.find(phrase, pos + 1)) {
    const auto end = pos + phrase.size();
    const bool starts = pos == 0 || !is_word_char(hay[pos - 1]) || !is_word_char(phrase.front());
    const bool ends = end == hay.size() || !is_word_char(hay[end]) || !is_word_char(phrase.back());
    if (starts && ends) return true;
  }
  return false;
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

bool one_of(std::string_view r, std::initializer_list<std::string_view> set) {
  for (auto s : set)
    if (r == s) return true;
  return false;
}

// X.7.Y: security or policy. The words say more than the code; RFC 7372 names the details.
std::string security_reason(const Status& st, const std::string& said) {
  if (!said.empty()) return said;
  if (st.cls == 4) return "blocked";
  switch (st.detail) {
    case 1:
      return "blocked";
    case 13:
    case 17:
      return "suspend";
    case 25:
      return "requireptr";
    case 20:
    case 21:
    case 22:
    case 23:
    case 24:
    case 26:
      return "authfailure";
    case 0:
      return "policyviolation";
    default:
      return "securityerror";
  }
}

// A stated, specific code (detail != 0): trusted first; the words refine ambiguous ones.
std::string reason_for_specific(const Status& st, const std::string& said) {
  switch (st.subject) {
    case 1:
      if (st.detail == 2) return "hostunknown";
      if (st.detail == 6) return "hasmoved";
      if (st.detail == 7 || st.detail == 8) return "rejected";
      if (st.detail == 10 && said == "notaccept") return said;
      return "userunknown";
    case 2:
      if (st.detail == 1)
        return one_of(said, {"userunknown", "filtered", "speeding", "mailboxfull"}) ? said
                                                                                    : "suspend";
      if (st.detail == 2) return "mailboxfull";
      if (st.detail == 3) return "mesgtoobig";
      return {};
    case 3:
      if (st.detail == 1) return "systemfull";
      if (st.detail == 4) return "mesgtoobig";
      return "systemerror";
    case 4:
      if (one_of(said, {"userunknown", "hostunknown", "speeding", "toomanyconn"})) return said;
      if (st.detail == 4 && st.cls == 5) return "hostunknown";
      return "networkerror";
    case 5:
      return "syntaxerror";
    case 6:
      return one_of(said, {"spamdetected", "virusdetected"}) ? said : "contenterror";
    case 7:
      return security_reason(st, said);
    default:
      return {};
  }
}

// A generic code (x.y.0 or derived from the basic reply code) whose words said nothing.
std::string reason_for_generic(const Status& st, int reply_code) {
  if (reply_code == 421) return "systemerror";
  switch (st.subject) {
    case 1:
      return "userunknown";
    case 2:
      return st.detail == 2 ? "mailboxfull" : "undefined";
    case 3:
      return st.detail == 1 ? "systemfull" : "systemerror";
    case 4:
      return "networkerror";
    case 5:
      return "syntaxerror";
    case 6:
      return "contenterror";
    case 7:
      return security_reason(st, {});
    default:
      return "undefined";
  }
}

}  // namespace

std::string reason_from_text(std::string_view text) {
  const std::string lower = ascii_lower(text);
  for (const auto& rule : kPhraseRules)
    for (std::string_view rest = rule.phrases; !rest.empty();) {
      const auto bar = rest.find('|');
      if (has_phrase(lower, rest.substr(0, bar))) return std::string(rule.reason);
      rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
    }
  return {};
}

std::string reason_from_status(std::string_view enhanced, std::string_view text, bool stated,
                               int reply_code) {
  const Status st = parse_status(enhanced);
  if (st.cls == 2) return {};
  const std::string said = reason_from_text(text);
  if (stated && st.detail > 0) {
    std::string r = reason_for_specific(st, said);
    if (!r.empty()) return r;
  }
  // 421 and 4.7.x: the server is refusing us for now; the words tell why.
  if (reply_code == 421 || (st.cls == 4 && st.subject == 7)) {
    if (!said.empty()) return said;
    return st.cls == 4 && st.subject == 7 ? "blocked" : "systemerror";
  }
  if (!said.empty()) return said;
  return reason_for_generic(st, reply_code);
}

}  // namespace herald::domain
