#include "domain/message.h"

#include <array>
#include <utility>

namespace herald::domain {

namespace {
constexpr std::array<std::pair<MessageStatus, std::string_view>, 11> kStatusNames{{
    {MessageStatus::queued, "queued"},
    {MessageStatus::sent, "sent"},
    {MessageStatus::delivered, "delivered"},
    {MessageStatus::opened, "opened"},
    {MessageStatus::clicked, "clicked"},
    {MessageStatus::deferred, "deferred"},
    {MessageStatus::bounced, "bounced"},
    {MessageStatus::failed, "failed"},
    {MessageStatus::suppressed, "suppressed"},
    {MessageStatus::complained, "complained"},
    {MessageStatus::undelivered, "undelivered"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 20> kReasonWords{{
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
}};
}  // namespace

std::string_view to_string(Channel c) {
  return c == Channel::email ? "email" : "sms";
}

std::optional<Channel> parse_channel(std::string_view s) {
  if (s == "email") return Channel::email;
  if (s == "sms") return Channel::sms;
  return std::nullopt;
}

std::string_view to_string(MessageStatus s) {
  for (const auto& [status, name] : kStatusNames)
    if (status == s) return name;
  return "queued";
}

std::optional<MessageStatus> parse_status(std::string_view s) {
  for (const auto& [status, name] : kStatusNames)
    if (name == s) return status;
  return std::nullopt;
}

std::string_view to_string(Outcome o) {
  switch (o) {
    case Outcome::sent:
      return "sent";
    case Outcome::deferred:
      return "deferred";
    case Outcome::bounced:
      return "bounced";
    case Outcome::failed:
      return "failed";
  }
  return "failed";
}

bool is_hard_reason(std::string_view reason) {
  return reason == "userunknown" || reason == "hostunknown" || reason == "hasmoved" ||
         reason == "notaccept";
}

std::string describe_reason(std::string_view reason) {
  for (const auto& [name, words] : kReasonWords)
    if (name == reason) return std::string(words);
  if (reason.empty() || reason == "undefined") return {};
  return "Not delivered (" + std::string(reason) + ")";
}

}  // namespace herald::domain
