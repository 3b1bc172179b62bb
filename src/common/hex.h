#pragma once
// Bytes as lowercase hex digits, and hex digits in either case (a key written by hand may be in
// capitals) back to bytes.
#include <string>
#include <string_view>

namespace herald {

std::string hex_of(std::string_view bytes);

// False (and `out` unspecified) unless `hex` is an even number of hex digits.
bool bytes_of_hex(std::string_view hex, std::string& out);

}  // namespace herald
