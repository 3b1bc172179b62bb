#pragma once
// The automaton behind domain/phrase_index.h: every phrase of reason_phrases() and every word of
// reason_families() in one Aho-Corasick DFA, built once per process.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "domain/reason_families.h"
#include "domain/reason_phrases.h"

namespace herald::domain {

inline constexpr std::size_t kMaxFamilies = 32;

// What a pattern is: a phrase of reason_phrases(), or a word of a family of reason_families().
enum Kind : std::uint8_t { kPhrase, kSubject, kAfter, kBefore };

struct Output {
  std::uint16_t phrase;  // id of the phrase or family word, in table order
  std::uint16_t length;
  std::uint8_t reason;  // of a phrase: its index in reason_phrases(); of a word: its family's
  Kind kind;
  bool word_start;  // the phrase begins with a letter or digit: no letter may precede it
  bool word_end;
  std::uint8_t
      counted;  // 1 + the index of a counted phrase's tail (PhraseAutomaton::tail); 0: none
};

// Every pattern in id order: the phrases, then each family's subjects, after- and
// before-words.
template <typename Visit>
void each_pattern(Visit visit) {
  const auto all = reason_phrases();
  for (std::size_t id = 0; id < all.size(); ++id)
    for (std::string_view p : all[id].phrases) visit(p, id, kPhrase);
  const auto families = reason_families();
  for (std::size_t f = 0; f < families.size(); ++f) {
    for (std::string_view p : families[f].subjects) visit(p, f, kSubject);
    for (std::string_view p : families[f].after) visit(p, f, kAfter);
    for (std::string_view p : families[f].before) visit(p, f, kBefore);
  }
}

class PhraseAutomaton {
 public:
  // A state as `step` returns it: the state's number, and a flag when patterns end there, so
  // that a scan reads the output table only at those states.
  using State = std::uint16_t;
  static constexpr State kStart = 0;

  static PhraseAutomaton build();

  State step(State from, char c) const {
    return dfa_[(static_cast<std::size_t>(from & kNumber) << row_shift_) |
                symbol_[static_cast<unsigned char>(c)]];
  }
  static bool ends_patterns(State s) { return (s & kEndsPatterns) != 0; }
  // Longest first where one pattern ends inside another ("recipient address" before "address").
  std::span<const Output> outputs(State s) const {
    const std::size_t n = s & kNumber;
    return {flat_.data() + first_[n], flat_.data() + first_[n + 1]};
  }
  std::string_view tail(std::uint8_t counted) const { return tails_[counted - 1u]; }
  int family_reason(std::size_t family) const { return family_reason_[family]; }

 private:
  static constexpr State kEndsPatterns = 0x8000;
  static constexpr State kNumber = 0x7FFF;

  std::array<std::uint8_t, 256> symbol_{};  // byte -> symbol; 0 for bytes in no phrase
  std::size_t symbols_ = 1;
  // Rows are a power of two long: a shift, not a multiplication, in the chain of loads a scan
  // waits on from byte to byte.
  unsigned row_shift_ = 0;
  // (state number << row_shift_) | symbol -> State. States are numbered breadth first and symbols
  // by how often the patterns use them, so the rows and columns a text visits most lie
  // together in a table of about 1 MB.
  std::vector<State> dfa_;
  // The outputs of state number n are flat_[first_[n] .. first_[n + 1]).
  std::vector<std::uint32_t> first_;
  std::vector<Output> flat_;
  std::vector<std::string_view> tails_;      // of counted phrases: the words after the number
  std::vector<std::uint8_t> family_reason_;  // family -> index of its reason in reason_phrases()
};

const PhraseAutomaton& phrase_automaton();

}  // namespace herald::domain
