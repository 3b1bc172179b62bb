// The reason families (domain/reason_families.h) as data. Each family's words come from the
// public record of what servers say (RFC 3463 / 5248 texts, MTA manuals, providers' postmaster
// pages), not from one report: tests/domain/reason_families_test.cpp holds examples of each.
#include "domain/reason_families.h"

namespace herald::domain {

namespace {

using P = std::string_view;

// clang-format off

// The mailbox does not exist.
constexpr P kMailboxSubjects[] = {
    "user", "users", "username", "user name", "recipient", "recipients", "recipient name",
    "mailbox", "mail box", "address", "e-mail address", "email address", "account",
    "email account", "e-mail account", "addressee", "local part", "localpart", "rcpt",
    "mailbox name", "alias", "local user",
    // French, Spanish, Portuguese, Norwegian
    "adresse", "adresse de messagerie", "destinataire", "utilisateur", "usuario", "destinatario",
    "usuário", "destinatário", "endereco", "endereço", "mottaker", "mottakeren", "adressen",
    "brukeren"};
constexpr P kMissingAfter[] = {
    "unknown", "not found", "not exist", "not exists", "does not exist", "doesn't exist",
    "does not exists", "did not exist", "do not exist", "is invalid", "invalid", "not valid",
    "is not valid", "no longer valid", "not recognized", "not recognised", "unrecognized",
    "unrecognised", "is not a known", "not known", "not registered", "is not registered",
    "not listed", "could not be found", "couldn't be found", "cannot be found", "can't be found",
    "was not found", "nonexistent", "non-existent", "non existent", "inexistent", "unallocated",
    "no longer exists", "no longer on", "not on file", "not present", "does not have an account",
    "doesn't have a", "does not have a", "is unknown", "lookup failed",
    "n'existe pas", "inconnu", "inconnue", "invalide", "no existe", "desconocido", "nao existe",
    "não existe", "inexistente", "desconhecido", "finnes ikke", "ukjent", "er ukjent"};
constexpr P kMissingBefore[] = {
    "unknown", "no such", "invalid", "nonexistent", "non-existent", "non existent",
    "inexistent", "bad", "illegal", "unrecognized", "unrecognised", "not a valid", "not a known",
    "no valid", "no", "unknown local", "no such local", "not an existing"};

// The mailbox is full.
constexpr P kFullSubjects[] = {
    "mailbox", "mail box", "mailboxes", "inbox", "mailfolder", "mail folder", "maildir",
    "mail quota", "mailbox quota", "disk quota", "user quota", "quota", "storage allocation",
    "storage space", "mail storage", "box", "boite", "boîte", "buzon", "buzón", "casilla",
    "caixa postal", "caixa de correio", "postkassen", "postkasse", "innboksen"};
constexpr P kFullAfter[] = {
    "full", "is full", "exceeded", "exceeds", "has exceeded", "would exceed", "over quota",
    "overquota", "is over", "too full", "reached", "has reached", "limit exceeded",
    "size exceeded", "exceeded the local limit", "out of space", "no space", "over the limit",
    "is over its limit", "pleine", "est pleine", "lleno", "esta lleno", "cheia", "está cheia",
    "esta cheia", "er full"};
constexpr P kFullBefore[] = {
    "full", "over", "exceeded", "exceeded storage", "exceeded the", "exceeds the", "over the",
    "insufficient", "no space in"};

// The account exists but is disabled.
constexpr P kAccountSubjects[] = {
    "account", "mailbox", "mail box", "inbox", "e-mail account", "email account", "user account",
    "recipient account", "compte", "cuenta", "casilla", "buzon", "buzón", "conta", "caixa postal",
    "kontoen", "konto"};
constexpr P kDisabledAfter[] = {
    "disabled", "is disabled", "suspended", "deactivated", "inactive", "is inactive", "frozen",
    "locked", "blocked", "closed", "is closed", "expired", "discontinued", "terminated",
    "not active", "no longer active", "on hold", "has been disabled", "has been suspended",
    "has been blocked", "has been closed", "has been locked", "has been deactivated",
    "bloque", "desactive", "unavailable due to inactivity", "due to inactivity",
    "ha expirado", "expirado", "expirada", "desactivada", "deshabilitada", "suspendida",
    "bloqueada", "desativada", "suspensa", "deaktivert", "sperret", "er sperret"};
constexpr P kDisabledBefore[] = {
    "inactive", "disabled", "suspended", "deactivated", "closed", "frozen", "locked",
    "expired", "dormant"};
constexpr P kPersonSubjects[] = {"user", "recipient", "addressee", "destinataire"};
constexpr P kPersonDisabledAfter[] = {
    "disabled", "suspended", "deactivated", "inactive", "frozen", "discontinued", "terminated",
    "no longer active", "is disabled", "is suspended", "has been disabled",
    "has been suspended"};

// The domain does not exist.
constexpr P kDomainSubjects[] = {
    "domain", "domain name", "host", "hostname", "host name", "mail domain", "destination domain",
    "recipient domain", "domain part", "mx domain"};
constexpr P kDomainMissingAfter[] = {
    "not found", "does not exist", "doesn't exist", "not exist", "may not exist", "unknown",
    "could not be found", "couldn't be found", "cannot be found", "cannot be resolved",
    "could not be resolved", "not resolvable", "unresolvable",
    "nonexistent", "non-existent", "no such", "not known", "lookup failure", "lookup failed"};
constexpr P kDomainMissingBefore[] = {
    "unknown", "no such", "invalid", "nonexistent", "non-existent", "unresolvable",
    "unroutable", "unrouteable", "bad", "not a valid"};

// The message is too large.
constexpr P kMessageSubjects[] = {
    "message", "messages", "message size", "mail", "email", "e-mail", "size", "size of message",
    "message length", "letter", "attachment", "attachments", "data", "body"};
constexpr P kTooLargeAfter[] = {
    "too large", "too big", "is too large", "is too big", "exceeds the size",
    "exceeds size", "exceeds the maximum", "exceeds maximum", "exceeded the maximum",
    "exceeded maximum", "size exceeded", "size exceeds", "larger than", "bigger than",
    "exceeds fixed", "exceeds the limit", "size limit", "over size", "oversized",
    "exceeds the allowed", "exceeded the allowed", "size limits", "limit", "limits"};
constexpr P kTooLargeBefore[] = {"oversized", "over-sized", "too large", "too big"};

// The server does not relay for us.
constexpr P kRelaySubjects[] = {"relay", "relaying", "relay access", "mail relay", "relayed"};
constexpr P kRelayRefusedAfter[] = {
    "denied", "not permitted", "not allowed", "prohibited", "disallowed", "refused", "rejected",
    "not authorized", "not authorised", "forbidden", "is not permitted", "access denied"};
constexpr P kRelayRefusedBefore[] = {
    "unable to", "not permitted to", "not allowed to", "no", "we do not", "don't", "do not",
    "cannot", "can't", "not authorized to", "refuse to", "will not"};

// Our sending host has no (matching) reverse DNS.
constexpr P kPtrSubjects[] = {
    "ptr", "ptr record", "ptr records", "reverse dns", "reverse-dns", "rdns", "fcrdns",
    "reverse lookup", "reverse hostname", "reverse address", "reverse mapping", "reverse zone",
    "reverse name", "hostname lookup", "ip name lookup", "dns ptr"};
constexpr P kPtrMissingAfter[] = {
    "missing", "not found", "failed", "failure", "fails", "mismatch", "does not match",
    "doesn't match", "not match", "invalid", "not set", "required", "is required", "must",
    "lookup failed", "not configured", "no"};
constexpr P kPtrMissingBefore[] = {
    "no", "missing", "without", "without a", "without valid", "without a valid", "invalid",
    "bad", "fix", "have a", "must have a", "requires a", "require a", "needs a", "cannot find",
    "can't find", "cannot resolve", "unable to resolve", "mismatched", "lacks"};

// A DNS blocklist or the receiver's own list names our IP address.
constexpr P kListSubjects[] = {
    "ip", "ip address", "your ip", "sending ip", "client ip", "client host", "source ip",
    "adresse ip", "sender ip", "netblock", "ip range"};
constexpr P kListedAfter[] = {
    "blocked", "is blocked", "has been blocked", "blacklisted", "blocklisted", "banned",
    "block listed", "black listed", "is block listed",
    "is listed", "listed in", "listed on", "listed at", "on our block list", "on a block list",
    "on our blocklist", "on a blocklist", "on the blacklist", "in a black list",
    "not allowed to connect", "rejected", "refused", "bloquee", "has a poor reputation",
    "blocked using"};
constexpr P kListedBefore[] = {
    "banned", "blocked", "blacklisted", "blocklisted", "not accepted from", "refused from",
    "rejected from"};
constexpr P kServiceSubjects[] = {"service", "access", "connection"};
constexpr P kServiceRefusedAfter[] = {"refused", "refuse", "refusee", "denied to you"};

// Someone's policy refuses the message.
constexpr P kPolicySubjects[] = {"policy", "policies", "policy reasons", "policy restrictions",
                                 "mail policy", "mailpolicy", "security policies",
                                 "security policy"};
constexpr P kPolicyAfter[] = {"violation", "violations", "violated", "rejection", "reasons",
                              "restriction", "restrictions", "denied", "refused"};
constexpr P kPolicyBefore[] = {
    "denied by", "rejected by", "rejected due to", "rejected for", "refused by", "violates",
    "violation of", "against", "by local", "due to local", "due to", "local", "organization",
    "organisation", "for", "not accepted for", "under", "per", "blocked by", "because of"};

// The receiving system failed.
constexpr P kSystemSubjects[] = {
    "system", "server", "mail system", "mail server", "internal", "local", "transaction",
    "processing", "mta", "resources", "system resources"};
constexpr P kSystemFailedAfter[] = {
    "error", "errors", "failure", "failed", "problem", "problems", "unavailable",
    "not available", "currently unavailable", "malfunction", "misconfigured",
    "configuration error", "is down", "crashed"};
constexpr P kSystemFailedBefore[] = {"internal", "temporary", "unexpected", "local"};

// The network between us failed.
constexpr P kNetworkSubjects[] = {
    "connection", "network", "dns", "name server", "nameserver", "name service", "socket",
    "route", "routing", "smtp session", "tls session"};
constexpr P kNetworkFailedAfter[] = {
    "error", "failure", "timed out", "timeout", "reset", "lost", "dropped", "closed",
    "unreachable", "is unreachable", "failed", "broken", "interrupted", "loop"};
constexpr P kNetworkFailedBefore[] = {"lost", "broken", "dropped", "no route to", "unable to"};

// The message waited too long and was given up.
constexpr P kQueueSubjects[] = {
    "message", "delivery", "mail", "envelope", "queue", "retry", "retries", "delivery time",
    "time", "deliver", "all hosts"};
constexpr P kExpiredAfter[] = {
    "expired", "has expired", "timed out", "timeout exceeded", "time exceeded",
    "not delivered within", "could not be delivered for", "for the last",
    "period expired",
    "in queue too long", "too long in queue", "has been delayed", "delayed", "will be retried",
    "been failing"};
constexpr P kExpiredBefore[] = {"not delivered within", "could not", "retry", "gave up on",
                                "giving up on"};

// The recipient's mail program failed.
constexpr P kMailerSubjects[] = {
    "mailer", "program", "command", "pipe", "delivery agent", "local delivery",
    "delivery program", "procmail", "maildrop", "script", "filter program"};
constexpr P kMailerFailedAfter[] = {
    "error", "failed", "died", "exited", "returned", "crashed", "terminated", "exit code",
    "exit status", "not found", "unavailable"};
constexpr P kMailerFailedBefore[] = {"unknown", "failed"};

// Too many connections or recipients at once.
constexpr P kConnSubjects[] = {
    "connections", "connection", "sessions", "session", "concurrent connections",
    "simultaneous connections", "recipients", "smtp sessions", "hosts", "connection rate",
    "connection frequency", "concurrency"};
constexpr P kTooManyAfter[] = {
    "limit", "limited", "limit exceeded", "limit reached", "exceeded", "frequency limited",
    "rate limited", "rate limit exceeded", "per ip exceeded", "too high"};
constexpr P kTooManyBefore[] = {"too many", "excessive", "exceeded the number of",
                                "maximum number of", "max", "too much"};

// The receiver's filter refused what the message says.
constexpr P kContentSubjects[] = {"content", "mail content", "message content", "email content"};
constexpr P kContentRefusedAfter[] = {"rejected", "denied", "refused", "not accepted", "blocked"};

// The sender's domain fails SPF, DKIM or DMARC.
constexpr P kAuthSubjects[] = {"spf", "dkim", "dmarc", "sender policy framework",
                               "domainkeys", "sender authentication", "email authentication"};
constexpr P kAuthFailedAfter[] = {
    "fail", "failed", "failure", "fails", "check failed", "policy", "validation failed",
    "verification", "verification failed", "hard fail", "hardfail", "record with a hard fail",
    "policy of reject", "authentication failed", "alignment failed",
    "not aligned", "alignment", "softfail", "permerror", "reject", "rejected", "did not pass",
    "does not pass", "not pass"};
constexpr P kAuthFailedBefore[] = {
    "failed", "fails", "fail", "failing", "no", "missing", "invalid", "unauthenticated",
    "did not pass", "does not pass", "failed to pass", "fails to pass", "not pass", "per",
    "due to", "because of", "without"};

// Our envelope sender is refused.
constexpr P kSenderSubjects[] = {
    "sender", "sender address", "sender domain", "from address", "envelope sender",
    "return path", "return-path", "originator", "emetteur", "expediteur"};
constexpr P kSenderRefusedAfter[] = {
    "rejected", "refused", "denied", "not allowed", "blocked", "invalid", "unknown",
    "not permitted", "verify failed", "verification failed", "is not valid", "not accepted",
    "does not exist", "not found", "has been blacklisted", "blacklisted", "banned", "reject",
    "invalide", "unroutable", "unrouteable"};
constexpr P kSenderRefusedBefore[] = {
    "invalid", "unknown", "bad", "rejected", "reject", "blocked", "refused", "banned",
    "unroutable", "unrouteable", "fake", "forged", "unverified", "unauthorized"};

// The words of a syntax error in our commands.
constexpr P kCommandSubjects[] = {
    "command", "commands", "parameter", "parameters", "argument", "arguments", "syntax",
    "address syntax", "sequence of commands"};
constexpr P kSyntaxAfter[] = {
    "unrecognized", "unrecognised", "not recognized", "not implemented", "invalid",
    "not understood", "out of sequence", "not supported"};
constexpr P kSyntaxBefore[] = {"bad", "invalid", "unrecognized", "unknown", "unsupported",
                               "syntax error in", "error in", "bad sequence of"};

// The service as a whole is unavailable: the receiving system's trouble.
constexpr P kServiceSubjects2[] = {"service", "mail service", "smtp service"};
constexpr P kUnavailableAfter[] = {"unavailable", "currently unavailable", "not available",
                                   "temporarily unavailable", "is unavailable"};

// The message breaks the Internet Message Format (RFC 5322 and its predecessors).
constexpr P kFormatSubjects[] = {
    "rfc 5322", "rfc5322", "rfc-5322", "rfc 2822", "rfc2822", "rfc 822", "rfc822", "rfc",
    "header", "headers", "header field", "header fields", "date header",
    "from header", "subject header", "from: header"};
constexpr P kFormatAfter[] = {
    "compliant", "not compliant", "non-compliant", "noncompliant", "compliance",
    "is missing", "missing", "malformed", "is malformed", "invalid", "syntax", "violation",
    "are not rfc compliant", "duplicated", "more than once"};
constexpr P kFormatBefore[] = {
    "not", "non", "violates", "violation of", "multiple", "duplicate", "duplicated",
    "missing", "malformed", "invalid", "bad", "broken", "no", "without", "more than one",
    "conform to"};

// clang-format on

constexpr ReasonFamily kFamilies[] = {
    {"userunknown", "the mailbox does not exist", kMailboxSubjects, kMissingAfter, kMissingBefore},
    {"mailboxfull", "the mailbox is full", kFullSubjects, kFullAfter, kFullBefore},
    {"suspend", "the account exists but is disabled", kAccountSubjects, kDisabledAfter,
     kDisabledBefore},
    {"suspend", "the recipient is disabled", kPersonSubjects, kPersonDisabledAfter, {}},
    {"hostunknown", "the domain does not exist", kDomainSubjects, kDomainMissingAfter,
     kDomainMissingBefore},
    {"mesgtoobig", "the message is too large", kMessageSubjects, kTooLargeAfter, kTooLargeBefore},
    {"norelaying", "relaying is not permitted", kRelaySubjects, kRelayRefusedAfter,
     kRelayRefusedBefore},
    {"requireptr", "reverse DNS (PTR) is missing or wrong", kPtrSubjects, kPtrMissingAfter,
     kPtrMissingBefore},
    {"blockedhost", "our IP address is on a block list", kListSubjects, kListedAfter,
     kListedBefore},
    {"blocked", "the service is refused to us", kServiceSubjects, kServiceRefusedAfter, {}},
    {"policyviolation", "a policy refuses the message", kPolicySubjects, kPolicyAfter,
     kPolicyBefore},
    {"systemerror", "the receiving system failed", kSystemSubjects, kSystemFailedAfter,
     kSystemFailedBefore},
    {"networkerror", "the network failed", kNetworkSubjects, kNetworkFailedAfter,
     kNetworkFailedBefore},
    {"expired", "delivery was retried too long", kQueueSubjects, kExpiredAfter, kExpiredBefore},
    {"mailererror", "the recipient's mail program failed", kMailerSubjects, kMailerFailedAfter,
     kMailerFailedBefore},
    {"toomanyconn", "too many connections or recipients", kConnSubjects, kTooManyAfter,
     kTooManyBefore},
    {"spamdetected", "the content is refused", kContentSubjects, kContentRefusedAfter, {}},
    {"authfailure", "SPF, DKIM or DMARC failed", kAuthSubjects, kAuthFailedAfter,
     kAuthFailedBefore},
    {"rejected", "our sender address is refused", kSenderSubjects, kSenderRefusedAfter,
     kSenderRefusedBefore},
    {"syntaxerror", "our command was not understood", kCommandSubjects, kSyntaxAfter,
     kSyntaxBefore},
    {"systemerror", "the service is unavailable", kServiceSubjects2, kUnavailableAfter, {}},
    {"notcompliantrfc", "the message breaks RFC 5322", kFormatSubjects, kFormatAfter,
     kFormatBefore},
};

}  // namespace

std::span<const ReasonFamily> reason_families() {
  return kFamilies;
}

}  // namespace herald::domain
