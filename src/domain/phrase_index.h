#pragma once
// All reason phrases in one automaton (Aho-Corasick): one pass over a text tells which reason
// classes its words name. Matching a few hundred phrases one by one is what made bounce parsing
// slow.
#include <cstdint>
#include <string_view>

namespace herald::domain {

class ReasonSet {
 public:
  bool has(std::string_view reason) const;
  bool any() const { return bits_ != 0; }
  void add(int id) { bits_ |= std::uint64_t{1} << id; }

 private:
  std::uint64_t bits_ = 0;
};

// The reason classes whose phrases occur in `text` (any case), on word boundaries.
ReasonSet reasons_in(std::string_view text);
// Whether any reason phrase occurs in `text`; stops at the first.
bool says_any_reason(std::string_view text);

}  // namespace herald::domain
