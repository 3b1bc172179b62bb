#include "domain/phrase_index.h"

#include <array>
#include <bit>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/ascii.h"
#include "domain/reason_phrases.h"

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

struct Output {
  std::uint16_t phrase;  // id of the phrase, in table order
  std::uint16_t length;
  std::uint8_t reason;
  bool word_start;  // the phrase begins with a letter or digit: no letter may precede it
  bool word_end;
  std::uint8_t counted;  // 1 + the index in Automaton::tails of a counted phrase's tail; 0: none
};

struct Automaton {
  std::array<std::uint8_t, 256> symbol{};  // byte -> symbol; 0 for bytes in no phrase
  int symbols = 1;
  std::vector<std::int32_t> next;            // state * symbols + symbol -> state (a complete DFA)
  std::vector<std::vector<Output>> outputs;  // while building
  std::vector<std::uint16_t> dfa;  // `next` once built, half the size: cache misses cost most
  // Once built: the outputs of state s are flat[first[s] .. first[s + 1]).
  std::vector<std::uint32_t> first;
  std::vector<Output> flat;
  std::vector<std::string_view> tails;  // of counted phrases: the words after the number

  int add_state() {
    next.resize(next.size() + static_cast<std::size_t>(symbols), -1);
    outputs.emplace_back();
    return static_cast<int>(outputs.size()) - 1;
  }
};

Automaton build() {
  Automaton a;
  const auto all = reason_phrases();
  for (const ReasonPhrases& r : all)
    for (std::string_view p : r.phrases)
      for (char c : p)
        if (a.symbol[static_cast<unsigned char>(c)] == 0 && c != '#')
          a.symbol[static_cast<unsigned char>(c)] = static_cast<std::uint8_t>(a.symbols++);
  // Phrases are lower case; an upper-case letter is read as its lower-case symbol, so texts
  // need no lower-case copy.
  for (char c = 'A'; c <= 'Z'; ++c)
    a.symbol[static_cast<unsigned char>(c)] = a.symbol[static_cast<unsigned char>(ascii_lower(c))];
  a.add_state();
  std::uint16_t phrase = 0;
  for (std::size_t id = 0; id < all.size(); ++id) {
    for (std::string_view p : all[id].phrases) {
      const auto hash = p.find('#');
      const std::string_view words = p.substr(0, hash);
      std::uint8_t counted = 0;
      if (hash != std::string_view::npos) {
        a.tails.push_back(p.substr(hash + 1));
        counted = static_cast<std::uint8_t>(a.tails.size());
      }
      int state = 0;
      for (char c : words) {
        const std::size_t slot =
            static_cast<std::size_t>(state) * a.symbols + a.symbol[static_cast<unsigned char>(c)];
        if (a.next[slot] < 0) {
          const int added = a.add_state();
          a.next[slot] = added;
        }
        state = a.next[slot];
      }
      a.outputs[static_cast<std::size_t>(state)].push_back(
          {phrase++, static_cast<std::uint16_t>(words.size()), static_cast<std::uint8_t>(id),
           is_word_char(words.front()), counted == 0 && is_word_char(words.back()), counted});
    }
  }
  // Breadth first: failure links, then every missing transition follows its failure link.
  std::vector<int> fail(a.outputs.size(), 0), queue;
  for (int s = 0; s < a.symbols; ++s) {
    int& t = a.next[static_cast<std::size_t>(s)];
    if (t < 0) {
      t = 0;
    } else {
      queue.push_back(t);
    }
  }
  for (std::size_t head = 0; head < queue.size(); ++head) {
    const int state = queue[head];
    const auto inherited = a.outputs[static_cast<std::size_t>(fail[state])];
    auto& own = a.outputs[static_cast<std::size_t>(state)];
    own.insert(own.end(), inherited.begin(), inherited.end());
    for (int s = 0; s < a.symbols; ++s) {
      const std::size_t slot = static_cast<std::size_t>(state) * a.symbols + s;
      const int via_fail = a.next[static_cast<std::size_t>(fail[state]) * a.symbols + s];
      if (a.next[slot] < 0) {
        a.next[slot] = via_fail;
      } else {
        fail[a.next[slot]] = via_fail;
        queue.push_back(a.next[slot]);
      }
    }
  }
  for (const auto& outs : a.outputs) {
    a.first.push_back(static_cast<std::uint32_t>(a.flat.size()));
    a.flat.insert(a.flat.end(), outs.begin(), outs.end());
  }
  a.first.push_back(static_cast<std::uint32_t>(a.flat.size()));
  if (a.outputs.size() > 0xFFFF) throw std::length_error("bounce phrases: too many states");
  a.outputs.clear();
  a.dfa.assign(a.next.begin(), a.next.end());
  a.next.clear();
  return a;
}

const Automaton& automaton() {
  static const Automaton a = build();
  return a;
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

// Feeds `text` through the automaton; `found` is told each reason matched on word boundaries
// and returns true to stop early.
template <typename OnReason>
void scan(std::string_view text, OnReason found) {
  const Automaton& a = automaton();
  int state = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    state = a.dfa[static_cast<std::size_t>(state) * a.symbols +
                  a.symbol[static_cast<unsigned char>(text[i])]];
    const std::uint32_t end = a.first[static_cast<std::size_t>(state) + 1];
    for (std::uint32_t k = a.first[static_cast<std::size_t>(state)]; k < end; ++k) {
      const Output& o = a.flat[k];
      const std::size_t start = i + 1 - o.length;
      if (o.word_start && start > 0 && is_word_char(text[start - 1])) continue;
      if (o.word_end && i + 1 < text.size() && is_word_char(text[i + 1])) continue;
      if (o.counted != 0 && !counted_tail_at(text, i + 1, a.tails[o.counted - 1u])) continue;
      if (g_audit != nullptr) {
        if (g_audit->disabled[o.phrase]) continue;
        g_audit->fired[o.phrase] = true;
      }
      if (found(o.reason)) return;
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
  for (const ReasonPhrases& r : reason_phrases()) n += r.phrases.size();
  return n;
}

std::string phrase_name(std::size_t id) {
  for (const ReasonPhrases& r : reason_phrases()) {
    if (id < r.phrases.size()) return std::string(r.reason) + ": " + std::string(r.phrases[id]);
    id -= r.phrases.size();
  }
  return {};
}

void install_phrase_audit(PhraseAudit* audit) {
  if (audit != nullptr) {
    audit->fired.resize(phrase_count());
    audit->disabled.resize(phrase_count());
  }
  g_audit = audit;
}

}  // namespace herald::domain
