#include "domain/reason_phrases.h"

namespace herald::domain {

namespace {

using P = std::string_view;

// clang-format off

constexpr P kMailboxFull[] = {
    // "<a mailbox, inbox, mailfolder, account> is full": the one thing said to be full
    "is full", "mailbox full", "mailbox is currently full", "mailbox has exceeded",
    "mailbox exceeded", "mailbox exceeds", "mailbox would exceed", "mailbox size limit",
    "mailbox quota", "mailbox is over", "mailbox over", "mail box full", "full mailbox",
    "mailbox too full", "mailbox has reached", "quota exceeded", "quota exceed", "exceeded quota",
    "exceeded its quota", "exceeds quota", "exceed quota", "over quota", "overquota",
    "over the quota", "over its quota", "quota full", "quota has been exceeded", "disk quota",
    "storage quota", "exceeded storage", "exceeded the storage", "not enough storage",
    "not enough space", "not enough disk space", "inbox full", "quotaexceeded", "quota_exceeded",
    "maildir over quota", "storage limit", "exceeded its storage", "mailbox size exceeded",
    "would exceed the quota", "exceeds the quota", "quota violation", "exceeding their quota",
    "boite du destinataire pleine", "not have enough space",
    "userdisk quota", "domaindisk quota", "too many messages on the server", "insufficient quota",
    // "mailbox is full" in Japanese
    "\xe3\x83\xa1\xe3\x83\xbc\xe3\x83\xab\xe3\x83\x9c\xe3\x83\x83\xe3\x82\xaf"
    "\xe3\x82\xb9\xe3\x81\x8c\xe4\xb8\x80\xe6\x9d\xaf"};

constexpr P kExceedLimit[] = {
    "exceeds administrative limit", "exceeded the administrative limit",
    "administrative limit exceeded"};

constexpr P kMesgTooBig[] = {
    "message too large", "message is too large", "message too big", "message is too big",
    "message size exceeds", "message exceeds the maximum", "exceeds the maximum message size",
    "exceeds maximum message size", "exceeds the message size limit", "message size limit",
    "maximum message size", "mail size limit", "message is larger than", "too big for system",
    "larger than the allowed", "message file too big", "exceeded maximum message size",
    "message exceeds size limit", "email is too large", "email size exceeds",
    "size of message exceeds", "message length exceeds", "message too long",
    "maximum inbound message size", "max message size",
    "taille limite du message", "message exceeds", "size exceeds"};

constexpr P kSuspend[] = {
    "account disabled", "account is disabled", "account has been disabled", "account suspended",
    "account is suspended", "account has been suspended", "mailbox disabled", "mailbox is disabled",
    "mailbox has been disabled", "user suspended",
    "account inactive", "inactive account", "mailbox is inactive", "account is locked",
    "account locked", "account has been locked", "account expired", "mailbox is frozen",
    "account is frozen", "no longer active",
    "is disabled", "temporarily disabled", "disabled recipient", "has been terminated",
    "recipient suspended",
    "compte du destinataire est bloque", "mailbox is blocked", "account is blocked",
    "account has been blocked", "has been suspended", "is currently suspended",
    "temporarily inactive",
    "temporarily locked", "temporary locked", "rejected: inactive",
    "boite du destinataire archivee", "user account is unavailable"};

constexpr P kHasMoved[] = {
    "has moved", "has been moved", "mailbox has moved", "address has changed",
    "no forwarding address", "user has moved"};

constexpr P kNoRelaying[] = {
    "relay access denied", "relaying denied", "relay denied", "relay not permitted",
    "not permitted to relay", "relaying not allowed", "relay not allowed", "unable to relay",
    "not allowed to relay", "we do not relay", "relaying disallowed", "relay prohibited",
    "relaying prohibited", "no relaying", "relaying is prohibited", "relay rejected",
    "insecure mail relay", "allowed rcpthosts", "not a gateway", "relay is not permitted",
    "relaying mail to", "rcpt-to not permitted", "relay through this server",
    "not configured to relay", "configured to relay"};

constexpr P kAuthFailure[] = {
    "dmarc", "sender policy framework", "unauthenticated email",
    "authentication checks", "sender is unauthenticated", "fails to pass authentication",
    "does not have authentication information", "not designated as permitted",
    "does not designate"};

constexpr P kUserUnknown[] = {
    "user unknown", "unknown user", "unknown recipient", "recipient unknown", "no such user",
    "no such mailbox", "no such recipient", "no such account", "no such address", "no such person",
    "no such local user", "user does not exist", "user doesn't exist", "user not exist",
    "user not found", "user is unknown", "recipient not found", "recipient does not exist",
    "recipientnotfound", "mailbox not found", "mailbox does not exist", "mailbox doesn't exist",
    "address not found", "address does not exist", "address unknown", "unknown address",
    "invalid recipient", "invalid mailbox", "invalid address", "invalid user", "bad recipient",
    "unknown mailbox", "unknown local part", "unknown or illegal alias", "not a valid recipient",
    "not a valid mailbox", "not a valid user", "is not a known user", "addressee unknown",
    "no mailbox here", "no mailbox by that name", "no account by that name",
    "recipient name is not recognized", "recipient not recognized", "account does not exist",
    "account that you tried to reach does not exist", "mailbox unavailable", "user invalid",
    "unknown account", "no valid recipients", "not a registered", "not listed in",
    "unrouteable address",
    "recipient address rejected: access denied", "all recipient addresses rejected",
    "no such recipient here", "recipient is not valid",
    "mailbox is unavailable", "destination mailbox address invalid", "user doesn't have a",
    "user does not have a", "there is no one at this address", "no longer accepts mail",
    "wrong or no longer valid",
    "recipient is not local", "not a local address", "badrcptto", "validrcptto",
    "badrecipientto", "envelope recipient has been denied", "email name is not found",
    "nessun utente", "no existe dicha persona",
    "no existe ese usuario", "benutzer unbekannt", "final delivery userid",
    "address couldn't be found", "this user doesn't have"};

// Said only of addresses that do not exist, whatever the SMTP command: enough on its own.
constexpr P kNoSuchAddress[] = {
    "user doesn't have a", "user does not have a", "mailbox unavailable",
    "address couldn't be found", "address not found", "mailbox does not exist", "no such mailbox",
    "recipient name is not recognized", "not listed in public name",
    "not listed in domino directory", "unknown user:"};

constexpr P kFiltered[] = {
    "message filtered", "content filter", "recipient preferences", "rejected by recipient",
    "blocked by recipient", "recipient's filter", "has been filtered", "blocked by the recipient",
    "due to user rules", "rejected by recipients", "filtered by"};

constexpr P kRequirePtr[] = {
    "reverse dns", "reverse hostname", "reverse lookup", "ptr record", "no ptr", "rdns",
    "cannot find your hostname", "can't find your hostname", "no reverse", "reverse address",
    "unverifyable sending", "unverifiable sending", "ip name lookup failed", "dns ptr",
    "invalid ptr", "reverse mapping", "without reverse", "does not resolve to"};

constexpr P kNotCompliantRfc[] = {
    "rfc 5322", "rfc5322", "rfc 2822", "rfc2822", "not rfc compliant", "rfc 822 compliant",
    "multiple 'from' headers", "multiple from headers", "multiple addresses in from",
    "duplicate header", "not compliant with", "improperly formatted", "missing date header",
    "missing message-id", "bare lf", "message is not compliant", "rfc 822"};

constexpr P kBadReputation[] = {
    "reputation", "unexpected volume or user complaints",
    "has been temporarily rate limited due to"};

constexpr P kRejected[] = {
    "sender address rejected", "sender rejected", "sender denied", "sender verify failed",
    "sender verification failed", "domain of sender address", "sender domain", "invalid sender",
    "sender not allowed", "unroutable sender", "unrouteable sender", "sender is not allowed",
    "rejected sender", "sender unknown", "unknown sender", "bad sender", "envelope sender",
    "mail from rejected", "sender address is", "your address has been", "not allowed to send",
    "permission to post", "different address or alias", "from address", "sending address",
    "return path", "has been blacklisted", "not authorized to send", "sender blocked",
    "\xe6\x8a\x95\xe7\xa8\xbf\xe3\x81\x99\xe3\x82\x8b\xe6\xa8\xa9\xe9\x99\x90"};  // Japanese

constexpr P kHostUnknown[] = {
    "host unknown", "unknown host", "host not found", "domain not found", "no such domain",
    "domain does not exist", "unknown domain", "unrouteable mail domain", "domain name not found",
    "nxdomain", "name or service not known", "host or domain name not found",
    "couldn't find any host", "domain is not reachable", "invalid domain", "unroutable domain",
    "bad destination system address", "domain doesn't exist", "non-existent host",
    "nonexistent domain", "unknown mail domain", "host name lookup failure",
    "the domain name does not exist", "unresolvable domain", "domain could not be found",
    "domain must exist", "dns lookup failure", "domain may not exist"};

constexpr P kSpamDetected[] = {
    "spam", "unsolicited", "junk mail", "bulk mail", "spammy", "looks like spam", "considered spam",
    "classified as spam", "detected as spam", "identified as spam", "content rejected", "ube",
    "uce", "spam score", "mail rejete", "rejected as spam", "spamassassin", "bulk email",
    "antispam", "spamprofiler",
    "recurrent pattern", "mass mailer", "unacceptable content", "spamming", "blacklisted url",
    "banned content", "uribl", "suspicious content", "spamdetected"};

constexpr P kSpeeding[] = {
    // A rate named at all ("receiving mail at a rate that prevents…", "sending rate"): the
    // speed of our mail is the trouble.
    "rate", "rate limit", "rate limited", "ratelimit", "rate-limited", "too fast", "slow down",
    "throttled", "throttling", "receiving mail too quickly", "too many messages",
    "too many emails", "frequency limited", "per hour", "per minute",
    "recent messages", "excessive volume", "too quickly", "sending quota", "sending limit"};

constexpr P kTooManyConn[] = {
    "too many connections", "too many concurrent", "connection limit", "too many simultaneous",
    "too many sessions", "connection rate limit", "too many recipients",
    "connection frequency limited", "too many smtp sessions", "too many hosts",
    "maximum number of connections", "trop de connexions", "per connection",
    "connection frequency"};

constexpr P kBlocked[] = {
    "blocklist", "blacklist", "block list", "black list", "blocklisted", "blacklisted", "listed at",
    "listed in", "spamhaus", "spamcop", "sorbs", "dnsbl", "rbl", "blocked using", "banned",
    "your ip", "not accepted from this ip", "service refused", "service refuse",
    "open relay", "dial-up", "dialup", "dynamic ip", "dynamic address", "residential",
    "smtp server of your isp", "mail server of your isp", "client host rejected",
    "has been blocked", "is blocked", "currently blocked", "refused to talk",
    "no access from mail server", "connection refused by", "ip address blocked",
    "not allowed to connect", "may not be mail exchanger", "barracudacentral", "dynamic ips",
    "zombied", "ip profile",
    "invalid ip for sending", "listed as abusive", "spammer", "blocked for", "barracuda"};

// Said of our sending host or its address: it is blocked whatever the words say of the message
// ("Client host blocked for spamming issues"). The family "our IP address is on a block list"
// says it too.
constexpr P kBlockedHost[] = {
    "client host blocked", "ip blocked", "ip address blocked", "sending ip blocked"};

constexpr P kVirusDetected[] = {
    "virus", "malware", "infected", "trojan"};

constexpr P kPolicyViolation[] = {
    // A policy named at all ("denied by policy", "policy rejection", "for policy reasons") or a
    // violation of anything (a protocol, the rules): the receiver's rules refused the message.
    "policy", "violation", "violates", "administrative prohibition", "prohibited by",
    "header error", "message not allowed", "security issue", "illegal attachment",
    "members-only list", "closed mailing list",
    "not subscribed to this group", "organizational settings", "solving a captcha",
    "protocol error"};

constexpr P kSystemError[] = {
    "system error", "internal error", "local error", "server error", "temporary local problem",
    "local problem", "error in processing", "configuration problem", "configuration error",
    "misconfigured", "loops back to myself", "loop alert", "duplicated message-id",
    "internal server error", "out of memory", "insufficient permission", "transaction failed",
    "service currently unavailable", "service unavailable", "system incorrectly configured",
    "error while being processed", "queue file write error",
    "interrupted system call", "would create a mail loop", "loop was found in the mail exchanger",
    "mail system problem"};

constexpr P kNetworkError[] = {
    "timeout", "connection reset", "connection closed", "lost connection", "connection refused",
    "network is unreachable", "no route to host", "socket error", "routing loop", "too many hops",
    "hop count", "network error", "name service error", "dns error", "error transferring",
    "mail forwarding loop", "forwarding loop count", "message looping",
    "dns records for the destination", "connection dropped", "broken pipe"};

constexpr P kSystemFull[] = {
    "insufficient system storage", "system storage", "disk full", "no space left on device",
    "mail system full", "system is full", "out of disk space"};

constexpr P kNotAccept[] = {
    "does not accept mail", "not accepting mail", "accepts no mail", "null mx", "no mail service",
    "not accepting network messages", "does not receive mail", "domain does not accept",
    "does not accept e-mail", "does not accept email", "mx record", "no mx for", "has no mx",
    "couldn't find a mail exchanger", "no mail exchanger"};

constexpr P kExpired[] = {
    // "Envelope expired", "message expired", "delivery time expired"; a host "not reachable"
    // all the while.
    "expired", "not reachable", "retry timeout exceeded", "retry time not reached",
    "has been delayed", "delivery delayed", "could not be delivered for", "not delivered within",
    "will be retried", "has not yet been delivered", "queue time limit", "too long in queue",
    "message timed out", "failed # attempts", "could not deliver for", "aborted after",
    "have been failing for a long time", "deferred:", "timed out", "unable to connect",
    "could not connect", "host is unreachable", "failed connect",
    "delivery attempts will continue", "did not accept our requests to connect",
    "has not been collected", "giving up on", "could not find a gateway for",
    "maximum time in queue", "give up after"};

// qmail's "I'm not going to try again; this message has been in the queue too long." follows
// the last error, whose code says more.
constexpr P kGaveUp[] = {
    "in the queue too long"};

constexpr P kFailedStartTls[] = {
    "starttls", "tls negotiation failed", "tls handshake", "does not support tls",
    "failed to establish tls", "tls connection failed"};

constexpr P kSecurityError[] = {
    // "Authentication" without SPF, DKIM or DMARC words (those are authfailure): the server
    // wants us to authenticate.
    "authentication", "must authenticate", "authenticate first", "tls required",
    "encryption required", "must use tls", "secure connection", "not authorized",
    "delivery not authorized", "unauthenticated senders", "credentials invalid",
    "invalid credentials", "auth required", "advertise auth"};

constexpr P kMailerError[] = {
    "mailer error", "unknown mailer", "command output", "pipe to |", "command died",
    "command failed", "procmail",
    "program exited", "x-unix", "exited with", "died with status", "mail delivery agent"};

constexpr P kSyntaxError[] = {
    "syntax error", "command unrecognized", "unrecognized command", "bad sequence of commands",
    "command not implemented", "parameter not implemented"};

constexpr P kContentError[] = {
    "improper mime", "malformed mime", "invalid mime", "illegal character", "line too long",
    "media not supported", "improper use of 8-bit data", "improperly-formatted binary",
    "unnecessary base64", "data format error", "content error"};

// clang-format on

constexpr ReasonPhrases kAll[] = {
    {"mailboxfull", kMailboxFull},
    {"exceedlimit", kExceedLimit},
    {"mesgtoobig", kMesgTooBig},
    {"suspend", kSuspend},
    {"hasmoved", kHasMoved},
    {"norelaying", kNoRelaying},
    {"authfailure", kAuthFailure},
    {"userunknown", kUserUnknown},
    {"nosuchaddress", kNoSuchAddress},
    {"filtered", kFiltered},
    {"requireptr", kRequirePtr},
    {"notcompliantrfc", kNotCompliantRfc},
    {"badreputation", kBadReputation},
    {"rejected", kRejected},
    {"hostunknown", kHostUnknown},
    {"spamdetected", kSpamDetected},
    {"speeding", kSpeeding},
    {"toomanyconn", kTooManyConn},
    {"blocked", kBlocked},
    {"blockedhost", kBlockedHost},
    {"virusdetected", kVirusDetected},
    {"policyviolation", kPolicyViolation},
    {"systemerror", kSystemError},
    {"networkerror", kNetworkError},
    {"systemfull", kSystemFull},
    {"notaccept", kNotAccept},
    {"expired", kExpired},
    {"gaveup", kGaveUp},
    {"failedstarttls", kFailedStartTls},
    {"securityerror", kSecurityError},
    {"mailererror", kMailerError},
    {"syntaxerror", kSyntaxError},
    {"contenterror", kContentError},
};

}  // namespace

std::span<const ReasonPhrases> reason_phrases() {
  return kAll;
}

}  // namespace herald::domain
