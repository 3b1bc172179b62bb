#pragma once
// Twilio's SMS error codes in plain words, for status callbacks (ErrorCode) and for the
// REST API's refusals ({"code": 21211, ...}).
#include <string_view>

namespace herald::providers {

struct TwilioError {
  int code;
  std::string_view name;     // Twilio's own title
  std::string_view meaning;  // for a support agent
  // Reason class (domain/reasons.h); whether the number is gone follows domain::is_hard_reason.
  std::string_view reason;
};

// nullptr for a code not in the table.
const TwilioError* find_twilio_error(int code);

}  // namespace herald::providers
