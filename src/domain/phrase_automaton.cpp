#include "domain/phrase_automaton.h"

#include <algorithm>
#include <bit>
#include <numeric>
#include <stdexcept>

#include "common/ascii.h"

namespace herald::domain {

namespace {

bool is_word_char(char c) {
  return ascii_is_alnum(c);
}

}  // namespace

PhraseAutomaton PhraseAutomaton::build() {
  if (reason_families().size() > kMaxFamilies) throw std::length_error("too many reason families");
  PhraseAutomaton a;
  std::array<std::size_t, 256> uses{};
  std::size_t pattern_bytes = 0;
  each_pattern([&](std::string_view p, std::size_t, Kind) {
    pattern_bytes += p.size();
    for (char c : p)
      if (c != '#') ++uses[static_cast<unsigned char>(c)];
  });
  std::array<std::uint8_t, 256> by_use;
  std::iota(by_use.begin(), by_use.end(), 0);
  std::stable_sort(by_use.begin(), by_use.end(),
                   [&](std::uint8_t x, std::uint8_t y) { return uses[x] > uses[y]; });
  for (std::uint8_t b : by_use)
    if (uses[b] > 0) a.symbol_[b] = static_cast<std::uint8_t>(a.symbols_++);
  // Phrases are lower case; an upper-case letter is read as its lower-case symbol, so texts
  // need no lower-case copy.
  for (char c = 'A'; c <= 'Z'; ++c)
    a.symbol_[static_cast<unsigned char>(c)] =
        a.symbol_[static_cast<unsigned char>(ascii_lower(c))];
  const auto all = reason_phrases();
  for (const ReasonFamily& f : reason_families()) {
    std::size_t r = 0;
    while (r < all.size() && all[r].reason != f.reason) ++r;
    if (r == all.size()) throw std::logic_error("reason family of no reason class");
    a.family_reason_.push_back(static_cast<std::uint8_t>(r));
  }

  // The trie, its states in the order they are made, each with its children (`edges` holds
  // every state but the root once: by symbol and state, chained per parent). A complete table
  // is made only once the states are numbered.
  struct Edge {
    std::int32_t child, sibling;
    std::uint8_t symbol;
  };
  std::vector<std::int32_t> first_child{-1};
  std::vector<Edge> edges;
  std::vector<std::pair<std::int32_t, Output>> ends;  // (state, pattern ending there), in id order
  edges.reserve(pattern_bytes);
  first_child.reserve(pattern_bytes + 1);
  std::uint16_t phrase = 0;
  each_pattern([&](std::string_view p, std::size_t id, Kind kind) {
    const auto hash = kind == kPhrase ? p.find('#') : std::string_view::npos;
    const std::string_view words = p.substr(0, hash);
    std::uint8_t counted = 0;
    if (hash != std::string_view::npos) {
      a.tails_.push_back(p.substr(hash + 1));
      counted = static_cast<std::uint8_t>(a.tails_.size());
    }
    std::int32_t state = 0;
    for (char c : words) {
      const std::uint8_t symbol = a.symbol_[static_cast<unsigned char>(c)];
      std::int32_t* link = &first_child[static_cast<std::size_t>(state)];
      while (*link >= 0 && edges[static_cast<std::size_t>(*link)].symbol != symbol)
        link = &edges[static_cast<std::size_t>(*link)].sibling;
      if (*link < 0) {
        *link = static_cast<std::int32_t>(edges.size());
        edges.push_back({static_cast<std::int32_t>(first_child.size()), -1, symbol});
        first_child.push_back(-1);
      }
      state = edges[static_cast<std::size_t>(*link)].child;
    }
    ends.push_back(
        {state,
         {phrase++, static_cast<std::uint16_t>(words.size()), static_cast<std::uint8_t>(id), kind,
          is_word_char(words.front()), counted == 0 && is_word_char(words.back()), counted}});
  });
  const std::size_t states = first_child.size();
  if (states > kNumber) throw std::length_error("bounce phrases: too many states");

  // Breadth-first numbering: `order` lists the trie's states by depth, `number` is the inverse.
  std::vector<std::int32_t> order{0}, number(states, 0);
  order.reserve(states);
  for (std::size_t head = 0; head < order.size(); ++head)
    for (std::int32_t e = first_child[static_cast<std::size_t>(order[head])]; e >= 0;
         e = edges[static_cast<std::size_t>(e)].sibling) {
      const std::int32_t child = edges[static_cast<std::size_t>(e)].child;
      number[static_cast<std::size_t>(child)] = static_cast<std::int32_t>(order.size());
      order.push_back(child);
    }
  // The patterns ending at each state number, in id order: own_[own_first[n] .. own_first[n+1]).
  std::vector<std::uint32_t> own_first(states + 1, 0);
  for (const auto& [state, output] : ends)
    ++own_first[static_cast<std::size_t>(number[static_cast<std::size_t>(state)]) + 1];
  std::partial_sum(own_first.begin(), own_first.end(), own_first.begin());
  std::vector<Output> own(ends.size());
  {
    std::vector<std::uint32_t> at(own_first.begin(), own_first.end() - 1);
    for (const auto& [state, output] : ends)
      own[at[static_cast<std::size_t>(number[static_cast<std::size_t>(state)])]++] = output;
  }

  // In that order: each state's row is its failure state's with its own children put in, which
  // gives the children's failure links; its outputs are its own, then its failure state's.
  // A state's failure state is shallower, so already done; so is the failure state of a child.
  const std::size_t symbols = a.symbols_;
  a.row_shift_ = static_cast<unsigned>(std::countr_zero(std::bit_ceil(symbols)));
  const std::size_t row = std::size_t{1} << a.row_shift_;
  a.dfa_.assign(states * row, 0);
  std::vector<std::uint16_t> fail(states, 0);
  a.first_.reserve(states + 1);
  a.flat_.reserve(ends.size() * 2);
  for (std::size_t n = 0; n < states; ++n) {
    const std::size_t f = fail[n];
    State* to = &a.dfa_[n * row];
    const State* fail_row = &a.dfa_[f * row];
    if (n > 0) std::copy(fail_row, fail_row + symbols, to);
    for (std::int32_t e = first_child[static_cast<std::size_t>(order[n])]; e >= 0;
         e = edges[static_cast<std::size_t>(e)].sibling) {
      const Edge& edge = edges[static_cast<std::size_t>(e)];
      const auto c = static_cast<std::size_t>(number[static_cast<std::size_t>(edge.child)]);
      const State via_fail = n == 0 ? State{0} : fail_row[edge.symbol];
      fail[c] = via_fail & kNumber;
      const bool ends_here = own_first[c] != own_first[c + 1] || ends_patterns(via_fail);
      to[edge.symbol] = static_cast<State>(c | (ends_here ? kEndsPatterns : 0));
    }
    a.first_.push_back(static_cast<std::uint32_t>(a.flat_.size()));
    a.flat_.insert(a.flat_.end(), own.begin() + own_first[n], own.begin() + own_first[n + 1]);
    if (n > 0)
      for (std::uint32_t k = a.first_[f]; k < a.first_[f + 1]; ++k) {
        const Output inherited = a.flat_[k];  // copied first: push_back may move flat_
        a.flat_.push_back(inherited);
      }
  }
  a.first_.push_back(static_cast<std::uint32_t>(a.flat_.size()));
  return a;
}

const PhraseAutomaton& phrase_automaton() {
  static const PhraseAutomaton a = PhraseAutomaton::build();
  return a;
}

}  // namespace herald::domain
