#pragma once
// Families of reason phrases written as the ideas mail servers express: a subject ("user",
// "mailbox", "domain") and what is said of it ("unknown", "does not exist", "is full"), each
// with many spellings. "User not exist", "recipient name is not recognized" and "no such local
// user" are one idea, however a server words it. The exact phrases of domain/reason_phrases.h
// are for what no such pair says.
#include <span>
#include <string_view>

namespace herald::domain {

struct ReasonFamily {
  std::string_view reason;  // a class of domain/reasons.h
  std::string_view idea;    // in plain words, for tests and reports
  std::span<const std::string_view> subjects;
  // Said after the subject, at most kAfterGap characters later ("user ... not found").
  std::span<const std::string_view> after;
  // Said before the subject, at most kBeforeGap characters earlier ("no such ... user").
  std::span<const std::string_view> before;
};

inline constexpr std::size_t kAfterGap = 30;
inline constexpr std::size_t kBeforeGap = 12;

std::span<const ReasonFamily> reason_families();

}  // namespace herald::domain
