#pragma once
// The parts of a report that the parser reads.
#include <string>
#include <string_view>
#include <vector>

#include "bounce/text.h"

namespace herald::bounce {

struct ReportParts {
  std::vector<Field> headers;  // the report's own header, values decoded
  std::string subject;         // decoded
  std::string text;            // the human-readable parts, in order (text/html made plain)
  std::vector<std::string> delivery_status;  // message/delivery-status bodies
  std::string feedback_report;               // message/feedback-report body
  std::string returned_headers;  // header of the returned message (message/rfc822 part or
                                 // text/rfc822-headers), as text
  bool has_returned_part = false;
  // A returned message that is itself a delivery report (a bounce forwarded as an attachment).
  std::string nested_report;

  // The first header of that name (lower case), or empty.
  std::string_view header(std::string_view lower_name) const;
};

ReportParts read_report(std::string_view raw_message);

// An RFC 2047 encoded header value ("=?utf-8?B?...?=") as UTF-8 text.
std::string decode_header_text(std::string_view value);

}  // namespace herald::bounce
