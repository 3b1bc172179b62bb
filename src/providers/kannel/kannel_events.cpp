// Kannel delivery reports: a GET on the dlr-url Herald gave with the message, e.g.
// /v1/providers/kannel/events?id=<herald id>&type=%d&answer=%A&at=%T
#include "providers/kannel/kannel_events.h"

#include <cctype>

#include "common/error.h"

namespace herald::providers {
using namespace tracking;  // the callback helpers and codecs all parsers share

namespace {

std::string get(const std::map<std::string, std::string>& q, const char* key) {
  const auto it = q.find(key);
  return it == q.end() ? std::string() : it->second;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// "id:123 sub:001 dlvrd:001 submit date:... done date:... stat:DELIVRD err:000 text:..."
// (an SMPP receipt, which %A carries for SMPP connections): the value after `name:`.
std::string receipt_field(std::string_view answer, std::string_view name) {
  for (std::size_t pos = answer.find(name); pos != std::string_view::npos;
       pos = answer.find(name, pos + 1)) {
    const bool starts = pos == 0 || answer[pos - 1] == ' ';
    const std::size_t colon = pos + name.size();
    if (!starts || colon >= answer.size() || answer[colon] != ':') continue;
    const auto end = answer.find(' ', colon + 1);
    return std::string(answer.substr(
        colon + 1, end == std::string_view::npos ? std::string_view::npos : end - colon - 1));
  }
  return {};
}

// The SMSC's final state of an SMPP receipt, as a reason class.
std::string stat_reason(const std::string& stat) {
  if (stat == "EXPIRED") return "expired";
  if (stat == "REJECTD") return "blocked";
  return "undefined";  // UNDELIV, UNKNOWN, DELETED, or no stat at all
}

}  // namespace

std::vector<DeliveryEvent> parse_kannel(const std::map<std::string, std::string>& query) {
  const std::string type = get(query, "type");
  if (!all_digits(type) || type.size() > 3) throw bad_request("type must be a DLR type", "type");
  const std::string at = get(query, "at");
  if (!at.empty() && !all_digits(at)) throw bad_request("at must be a Unix time", "at");

  DeliveryEvent e;
  e.herald_id = get(query, "id");
  e.recipient = get(query, "to");
  const std::string answer = get(query, "answer");
  if (!at.empty() && at.size() <= 12) e.at_ms = std::stoll(at) * 1000;
  e.provider_message_id = receipt_field(answer, "id");
  const std::string stat = receipt_field(answer, "stat");
  const std::string err = receipt_field(answer, "err");
  if (!err.empty() && err.find_first_not_of('0') != std::string::npos) e.provider_error_code = err;

  std::string words;
  switch (std::stoi(type)) {
    case 1:
      e.type = "delivered";
      words = "Delivered to the phone";
      break;
    case 2:
      e.type = "undelivered";
      words = "Not delivered to the phone";
      e.reason = stat_reason(stat);
      break;
    case 4:
      // The SMSC keeps the message until the phone can be reached.
      e.type = "deferred";
      words = "Queued on the SMS centre (phone not reachable yet)";
      break;
    case 8:
      e.type = "sent";
      words = "Accepted by the SMS centre";
      break;
    case 16:
      e.type = "failed";
      words = "Rejected by the SMS centre";
      e.reason = stat_reason(stat);
      break;
    case 32:
      e.type = "sent";
      words = "Intermediate report from the SMS centre";
      break;
    default:
      throw bad_request("unknown DLR type " + type, "type");
  }
  e.detail = answer.empty() ? words : words + ": " + answer;
  return {e};
}

}  // namespace herald::providers
