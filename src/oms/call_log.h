#pragma once
// Where a connector writes each call it made (contract §12.6). Holds nothing secret: the
// path and query, never the headers that carry the affiliate token.
#include <string>

#include "common/clock.h"

namespace herald::oms {

struct CallRecord {
  TimeMs at = 0;
  std::string method;
  std::string path;  // path and query, without the api_url's scheme and host
  int status = 0;    // the OMS's HTTP status; 0 when it did not answer
  std::int64_t ms = 0;
  std::string error;     // why the call failed ("" when it succeeded)
  std::string order_id;  // the order the call concerned, if any
};

class CallLog {
 public:
  virtual ~CallLog() = default;
  // Must not throw: a call log that cannot write loses the line, not the call.
  virtual void record(const CallRecord& call) noexcept = 0;
};

}  // namespace herald::oms
