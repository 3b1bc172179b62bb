#pragma once
// The GSM 03.38 7-bit default alphabet: text outside it must go to the SMSC as UCS-2.
#include <string_view>

namespace herald::delivery {

// True when every character of the UTF-8 text is in the GSM 7-bit default alphabet or its
// extension table (^ { } \ [ ] ~ | €). Invalid UTF-8 is not representable.
bool is_gsm7(std::string_view utf8);

}  // namespace herald::delivery
