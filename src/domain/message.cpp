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

}  // namespace herald::domain
