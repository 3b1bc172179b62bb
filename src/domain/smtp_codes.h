#pragma once
// The codes inside an SMTP reply as a server or a report quotes it: the basic reply code's
// implied RFC 3463 code, the enhanced code stated in the words, and the reply as one line.
#include <string>
#include <string_view>

namespace herald::domain {

// The RFC 3463 code stated in the reply ("550 5.1.1 ...", "... #5.1.0 ...") whose class agrees
// with `code` (any class when code is 0), or empty.
std::string find_enhanced_code(std::string_view text, int code = 0);

// The enhanced code a reply code implies when the server states none (550 -> "5.0.0").
std::string default_enhanced_code(int code);

// The reply as one line: continuation lines lose their "550-5.1.1 " prefixes.
std::string reply_detail(std::string_view text);

}  // namespace herald::domain
