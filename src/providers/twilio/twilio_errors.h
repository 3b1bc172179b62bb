#pragma once
// Twilio's SMS error codes in plain words, for status callbacks (ErrorCode) and for the
// REST API's refusals ({"code": 21211, ...}).
#include <string_view>

namespace herald::providers {

struct TwilioError {
  int code;
  std::string_view name;     // Twilio's own title
  std::string_view meaning;  // for a support agent
  std::string_view reason;   // bounce reason class
  bool bad_number;           // the number itself is the problem: do not text it again
};

// nullptr for a code not in the table.
const TwilioError* find_twilio_error(int code);

}  // namespace herald::providers
