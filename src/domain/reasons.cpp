#include "domain/reasons.h"

#include <array>
#include <utility>

namespace herald::domain {

namespace {

struct StatusName {
  std::string_view code;  // class digit replaced by 'x'
  std::string_view reason;
};

// RFC 3463 and its updates (RFC 5248, 7372, 7505, 8098), read for what they say about the
// recipient: "x.1.1 bad destination mailbox address" -> userunknown.
constexpr std::array<StatusName, 62> kStatusNames{{
    {"x.1.0", "userunknown"},   {"x.1.1", "userunknown"},   {"x.1.2", "hostunknown"},
    {"x.1.3", "userunknown"},   {"x.1.4", "filtered"},      {"x.1.5", "userunknown"},
    {"x.1.6", "hasmoved"},      {"x.1.7", "rejected"},      {"x.1.8", "rejected"},
    {"x.1.10", "notaccept"},    {"x.2.0", "filtered"},      {"x.2.1", "filtered"},
    {"x.2.2", "mailboxfull"},   {"x.2.3", "exceedlimit"},   {"x.2.4", "filtered"},
    {"x.3.1", "systemfull"},    {"x.3.2", "notaccept"},     {"x.3.3", "systemerror"},
    {"x.3.4", "mesgtoobig"},    {"x.3.5", "systemerror"},   {"x.4.1", "networkerror"},
    {"x.4.2", "networkerror"},  {"x.4.3", "systemerror"},   {"x.4.4", "hostunknown"},
    {"x.4.5", "systemfull"},    {"x.4.6", "networkerror"},  {"x.4.7", "expired"},
    {"x.5.1", "syntaxerror"},   {"x.5.2", "syntaxerror"},   {"x.5.3", "toomanyconn"},
    {"x.5.4", "syntaxerror"},   {"x.5.5", "systemerror"},   {"x.5.6", "syntaxerror"},
    {"x.6.0", "contenterror"},  {"x.6.1", "contenterror"},  {"x.6.2", "contenterror"},
    {"x.6.3", "contenterror"},  {"x.6.5", "contenterror"},  {"x.6.6", "contenterror"},
    {"x.6.7", "contenterror"},  {"x.7.0", "securityerror"}, {"x.7.1", "securityerror"},
    {"x.7.2", "securityerror"}, {"x.7.3", "securityerror"}, {"x.7.4", "securityerror"},
    {"x.7.6", "securityerror"}, {"x.7.5", "securityerror"}, {"x.7.7", "securityerror"},
    {"x.7.8", "securityerror"}, {"x.7.9", "securityerror"}, {"x.7.10", "failedstarttls"},
    {"x.7.13", "suspend"},      {"x.7.16", "mesgtoobig"},   {"x.7.17", "hasmoved"},
    {"x.7.18", "hasmoved"},     {"x.7.20", "authfailure"},  {"x.7.21", "authfailure"},
    {"x.7.22", "authfailure"},  {"x.7.23", "authfailure"},  {"x.7.24", "authfailure"},
    {"x.7.25", "requireptr"},   {"x.7.26", "authfailure"},
}};

struct Pseudo {
  std::string_view reason;
  std::string_view detail;
};

// Codes for reports that state none; x.0.9xx keeps them apart from real RFC 3463 codes.
constexpr std::array<Pseudo, 34> kPseudo{{
    {"undefined", "900"},       {"onhold", "901"},         {"syntaxerror", "902"},
    {"norelaying", "909"},      {"filtered", "910"},       {"userunknown", "911"},
    {"hostunknown", "912"},     {"hasmoved", "916"},       {"rejected", "918"},
    {"suspend", "921"},         {"mailboxfull", "922"},    {"exceedlimit", "923"},
    {"systemerror", "930"},     {"systemfull", "931"},     {"notaccept", "932"},
    {"mesgtoobig", "934"},      {"mailererror", "939"},    {"networkerror", "944"},
    {"toomanyconn", "945"},     {"expired", "947"},        {"speeding", "946"},
    {"contenterror", "960"},    {"securityerror", "970"},  {"blocked", "971"},
    {"policyviolation", "972"}, {"requireptr", "973"},     {"notcompliantrfc", "974"},
    {"authfailure", "975"},     {"failedstarttls", "976"}, {"badreputation", "977"},
    {"virusdetected", "978"},   {"spamdetected", "980"},   {"delivered", ""},
    {"feedback", ""},
}};

// One per reason class, and for "suppressed" (not sent at all).
constexpr std::array<std::pair<std::string_view, std::string_view>, 35> kReasonWords{{
    {"userunknown", "The address does not exist"},
    {"mailboxfull", "The recipient's mailbox is full"},
    {"blocked", "Blocked by the receiving server"},
    {"spamdetected", "Blocked as spam by the receiving server"},
    {"filtered", "Rejected by the recipient's filter"},
    {"rejected", "The sender was rejected by the receiving server"},
    {"hostunknown", "The recipient's domain does not exist"},
    {"expired", "Gave up after retrying for too long"},
    {"suspend", "The recipient's mailbox is suspended"},
    {"policyviolation", "Refused by the receiving server's policy"},
    {"systemerror", "The receiving server had an error"},
    {"networkerror", "Could not reach the receiving server"},
    {"mesgtoobig", "The message is too big"},
    {"toomanyconn", "The receiving server refused: too many connections"},
    {"speeding", "The receiving server asked us to slow down"},
    {"securityerror", "Refused for a security reason"},
    {"authfailure", "Sender authentication (SPF/DKIM/DMARC) failed"},
    {"feedback", "The recipient marked it as spam"},
    {"vacation", "The recipient answered with an auto-reply"},
    {"suppressed", "Not sent: the address is on the suppression list"},
    {"notaccept", "The recipient's domain or number does not accept messages"},
    {"hasmoved", "The recipient has moved to another address"},
    {"norelaying", "The receiving server refused to relay the message"},
    {"notcompliantrfc", "The message does not follow the e-mail standards"},
    {"requireptr", "Refused: our sending server's reverse DNS (PTR) is missing or wrong"},
    {"badreputation", "Refused because of our sending reputation"},
    {"exceedlimit", "The message exceeds a limit of the receiving side"},
    {"systemfull", "The receiving server is out of storage"},
    {"virusdetected", "Refused: the receiving server found a virus"},
    {"contenterror", "The receiving server refused the message's content or format"},
    {"syntaxerror", "The receiving server did not understand our commands"},
    {"failedstarttls", "The encrypted connection (STARTTLS) failed"},
    {"mailererror", "The recipient's mail program failed"},
    {"onhold", "Not delivered: the report does not say why"},
    {"delivered", "Delivered"},
}};

}  // namespace

std::string status_reason(std::string_view status) {
  if (status.size() < 5 || (status[0] != '4' && status[0] != '5')) return {};
  for (const StatusName& s : kStatusNames)
    if (status.substr(1) == s.code.substr(1)) return std::string(s.reason);
  return {};
}

std::string pseudo_status(std::string_view reason, bool temporary) {
  for (const Pseudo& p : kPseudo)
    if (p.reason == reason) {
      if (p.detail.empty()) return {};
      return std::string(temporary ? "4.0." : "5.0.") + std::string(p.detail);
    }
  return {};
}

bool is_vague_reason(std::string_view reason) {
  return reason == "securityerror" || reason == "systemerror" || reason == "networkerror" ||
         reason == "contenterror";
}

bool is_hard_reason(std::string_view reason, bool temporary) {
  // "suppressed": the provider's own list (a recipient who texted STOP) already refuses it.
  if (reason == "userunknown" || reason == "hostunknown" || reason == "hasmoved" ||
      reason == "suppressed")
    return true;
  // A null MX or a host that refuses all mail is permanent, unless the server said "try later".
  return reason == "notaccept" && !temporary;
}

std::string describe_reason(std::string_view reason) {
  for (const auto& [name, words] : kReasonWords)
    if (name == reason) return std::string(words);
  if (reason.empty() || reason == "undefined") return {};
  return "Not delivered (" + std::string(reason) + ")";
}

}  // namespace herald::domain
