#pragma once
// Escaping text for HTML, in element content and in quoted attribute values alike.
#include <string>
#include <string_view>

namespace herald {

// & < > " ' as character references; everything else as it is.
std::string html_escape(std::string_view s);

}  // namespace herald
