#include "domain/phrase_index.h"

#include <array>
#include <bit>
#include <string>
#include <vector>

#include "common/ascii.h"
#include "domain/phrase_automaton.h"

namespace herald::domain {

namespace {

bool is_word_char(char c) {
  return ascii_is_alnum(c);
}

bool equals_ci(std::string_view s, std::string_view lower_word) {
  if (s.size() != lower_word.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (ascii_lower(s[i]) != ascii_lower(lower_word[i])) return false;
  return true;
}

// "failed # attempts": '#' stands for a number. The automaton finds the words before it;
// the number and the words after it are checked where they matched.
bool counted_tail_at(std::string_view text, std::size_t pos, std::string_view tail) {
  std::size_t digits = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos, ++digits;
  return digits > 0 && equals_ci(text.substr(pos, tail.size()), tail);
}

}  // namespace

bool ReasonSet::has(std::string_view reason) const {
  // Only the few reasons present are compared: classification asks about every class.
  const auto all = reason_phrases();
  for (std::uint64_t rest = bits_; rest != 0; rest &= rest - 1)
    if (all[static_cast<std::size_t>(std::countr_zero(rest))].reason == reason) return true;
  return false;
}

namespace {

PhraseAudit* g_audit = nullptr;

// Whether text[from, to) can lie between two words of one idea: no end of a sentence, no
// field or clause separator, no bracket ("<a@nx.invalid>: recipient" is not an invalid
// recipient).
bool one_clause(std::string_view text, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to && i < text.size(); ++i) {
    const char c = text[i];
    if (c == ':' || c == ';' || c == '<' || c == '>' || c == '(' || c == ')' || c == '[' ||
        c == ']' || c == '"' || c == '!' || c == '?')
      return false;
    if (c == '.' && (i + 1 >= to || text[i + 1] == ' ' || text[i + 1] == '\n')) return false;
  }
  return true;
}

// Where each family's words were last seen while scanning one text. A family's idea is said
// when an after-word follows one of its subjects closely with no other family's subject in
// between ("recipient address rejected: domain not found" names a missing domain, not a
// missing user), or a before-word closely precedes a subject.
class FamilyWatch {
 public:
  // Returns the family's reason when the subject completes a before-word pair, else -1.
  int subject(const PhraseAutomaton& a, std::string_view text, const Output& o, std::size_t start,
              std::size_t end) {
    // The longest subject ending here is the one said: "sender address" is not "address".
    if (end == longest_end_ && o.length < longest_length_) return -1;
    longest_end_ = end;
    longest_length_ = o.length;
    State& f = state(o.reason);
    int said = -1;
    if (f.before_end != kNone && start >= f.before_end && start - f.before_end <= kBeforeGap &&
        one_clause(text, f.before_end, start)) {
      fire(f.before_id, o.phrase);
      said = a.family_reason(o.reason);
    }
    f.subject_end = end;
    f.subject_id = o.phrase;
    if (recent_[(count_ + kRecent - 1) % kRecent] != end) recent_[count_++ % kRecent] = end;
    return said;
  }
  int after(const PhraseAutomaton& a, std::string_view text, const Output& o, std::size_t start) {
    State& f = state(o.reason);
    if (f.subject_end == kNone || f.subject_end > start || start - f.subject_end > kAfterGap ||
        !one_clause(text, f.subject_end, start))
      return -1;
    for (std::size_t e : recent_)
      if (e != kNone && e > f.subject_end && e <= start) return -1;
    fire(f.subject_id, o.phrase);
    return a.family_reason(o.reason);
  }
  void before(const Output& o, std::size_t end) {
    State& f = state(o.reason);
    f.before_end = end;
    f.before_id = o.phrase;
  }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  static constexpr std::size_t kRecent = 8;
  struct State {
    std::size_t subject_end = kNone, before_end = kNone;
    std::uint16_t subject_id = 0, before_id = 0;
  };
  State& state(std::size_t family) { return states_[family]; }
  static void fire(std::uint16_t a, std::uint16_t b) {
    if (g_audit == nullptr) return;
    g_audit->fired[a] = true;
    g_audit->fired[b] = true;
  }
  // One a family; scanning a text allocates nothing.
  std::array<State, kMaxFamilies> states_{};
  std::size_t recent_[kRecent] = {kNone, kNone, kNone, kNone, kNone, kNone, kNone, kNone};
  std::size_t count_ = 0;
  std::size_t longest_end_ = kNone, longest_length_ = 0;
};

// Feeds `text` through the automaton; `found` is told each reason matched on word boundaries
// and returns true to stop early.
template <typename OnReason>
void scan(std::string_view text, OnReason found) {
  const PhraseAutomaton& a = phrase_automaton();
  FamilyWatch families;
  PhraseAutomaton::State state = PhraseAutomaton::kStart;
  for (std::size_t i = 0; i < text.size(); ++i) {
    state = a.step(state, text[i]);
    if (!PhraseAutomaton::ends_patterns(state)) continue;
    for (const Output& o : a.outputs(state)) {
      const std::size_t start = i + 1 - o.length;
      if (o.word_start && start > 0 && is_word_char(text[start - 1])) continue;
      if (o.word_end && i + 1 < text.size() && is_word_char(text[i + 1])) continue;
      if (o.counted != 0 && !counted_tail_at(text, i + 1, a.tail(o.counted))) continue;
      if (g_audit != nullptr && g_audit->disabled[o.phrase]) continue;
      int said = -1;
      switch (o.kind) {
        case kPhrase:
          if (g_audit != nullptr) g_audit->fired[o.phrase] = true;
          said = o.reason;
          break;
        case kSubject:
          said = families.subject(a, text, o, start, i + 1);
          break;
        case kAfter:
          said = families.after(a, text, o, start);
          break;
        case kBefore:
          families.before(o, i + 1);
          break;
      }
      if (said >= 0 && found(said)) return;
    }
  }
}

}  // namespace

ReasonSet reasons_in(std::string_view text) {
  ReasonSet found;
  scan(text, [&](int id) {
    found.add(id);
    return false;
  });
  return found;
}

bool says_any_reason(std::string_view text) {
  bool any = false;
  scan(text, [&](int) { return any = true; });
  return any;
}

std::size_t phrase_count() {
  std::size_t n = 0;
  each_pattern([&](std::string_view, std::size_t, Kind) { ++n; });
  return n;
}

std::string phrase_name(std::size_t id) {
  static constexpr const char* kRole[] = {"", "subject", "after", "before"};
  std::string name;
  std::size_t n = 0;
  each_pattern([&](std::string_view p, std::size_t group, Kind kind) {
    if (n++ != id) return;
    if (kind == kPhrase) {
      name = std::string(reason_phrases()[group].reason) + ": " + std::string(p);
    } else {
      const ReasonFamily& f = reason_families()[group];
      name = std::string(f.reason) + " (" + std::string(f.idea) + ") " + kRole[kind] + ": " +
             std::string(p);
    }
  });
  return name;
}

void install_phrase_audit(PhraseAudit* audit) {
  if (audit != nullptr) {
    audit->fired.resize(phrase_count());
    audit->disabled.resize(phrase_count());
  }
  g_audit = audit;
}

}  // namespace herald::domain
