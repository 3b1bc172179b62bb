#pragma once
// The words of each reason class, as receiving servers and MTAs put them (lower case).
#include <span>
#include <string_view>

namespace herald::domain {

struct ReasonPhrases {
  std::string_view reason;
  std::span<const std::string_view> phrases;
};

std::span<const ReasonPhrases> reason_phrases();

}  // namespace herald::domain
