#pragma once
// All reason phrases and the words of the reason families in one automaton (Aho-Corasick): one
// pass over a text tells which reason classes its words name. Matching a few hundred phrases one
// by one is what made bounce parsing slow.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

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

// For measuring how the phrase tables generalise (the bounce corpus test's
// leave-one-source-out scores): every phrase of reason_phrases() and every word of
// reason_families() has an id, 0 .. phrase_count() - 1, in table order. While an audit is
// installed, scans record in `fired` the phrases that matched and the family words that completed
// a pair, and ignore the ids `disabled` marks. Not for concurrent use: tests install it around
// single-threaded parsing.
struct PhraseAudit {
  std::vector<bool> fired;
  std::vector<bool> disabled;
};
std::size_t phrase_count();
// "reason: phrase" for a report.
std::string phrase_name(std::size_t id);
// Installs `audit` (nullptr: none); its vectors are sized to phrase_count().
void install_phrase_audit(PhraseAudit* audit);

}  // namespace herald::domain
