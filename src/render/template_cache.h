#pragma once
// Parsed templates kept for reuse, bounded by an estimate of their memory and by their number;
// the least recently used go first. A store's few templates are rendered over and over and
// parsing costs more than rendering, but content that passes once must not pile up.
#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace herald::render {

template <class Parsed>
class TemplateCache {
 public:
  TemplateCache(std::size_t max_bytes, std::size_t max_entries)
      : max_bytes_(max_bytes), max_entries_(max_entries) {}

  // Null when absent; a hit becomes the most recently used.
  Parsed* find(std::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->parsed.get();
  }

  // Keeps `parsed` when it may (an entry heavier than a quarter of the bound would push out
  // everything else) and answers it either way; the caller owns it when it was not kept.
  Parsed* put(std::string key, std::unique_ptr<Parsed>& parsed, std::size_t weight) {
    Parsed* raw = parsed.get();
    weight += key.size();
    if (weight > max_bytes_ / 4 || max_entries_ == 0) return raw;
    erase(key);
    while (!lru_.empty() && (bytes_ + weight > max_bytes_ || lru_.size() >= max_entries_))
      erase(lru_.back().key);
    lru_.push_front(Entry{std::move(key), std::move(parsed), weight});
    index_.emplace(lru_.front().key, lru_.begin());
    bytes_ += weight;
    return raw;
  }

  void erase(std::string_view key) {
    auto it = index_.find(key);
    if (it == index_.end()) return;
    auto entry = it->second;
    index_.erase(it);
    bytes_ -= entry->weight;
    lru_.erase(entry);
  }

  std::size_t bytes() const { return bytes_; }
  std::size_t size() const { return lru_.size(); }

 private:
  struct Entry {
    std::string key;
    std::unique_ptr<Parsed> parsed;
    std::size_t weight;
  };
  std::size_t max_bytes_, max_entries_, bytes_ = 0;
  std::list<Entry> lru_;  // most recently used first
  // Keys view the entries' own strings, which a list node keeps in place.
  std::unordered_map<std::string_view, typename std::list<Entry>::iterator> index_;
};

}  // namespace herald::render
