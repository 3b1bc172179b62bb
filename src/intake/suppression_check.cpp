#include "intake/suppression_check.h"

namespace herald::intake {

namespace {
constexpr const char* kSuppressed = "suppressed";

std::vector<store::AddressKey> keys_of(store::StoreId store, const store::NewMessage& m) {
  std::vector<store::AddressKey> out;
  for (const auto& address : m.search_addresses) out.push_back({store, m.channel, address});
  return out;
}
}  // namespace

bool hold_suppressed(store::NewMessage& m,
                     const std::vector<std::optional<store::Suppression>>& found, TimeMs now) {
  m.held.clear();
  for (size_t i = 0; i < found.size() && i < m.search_addresses.size(); ++i) {
    if (!found[i]) continue;
    store::TimelineEntry e;
    e.at = now;
    e.type = "suppressed";
    e.status = domain::MessageStatus::suppressed;
    e.reason = found[i]->reason;
    e.description = domain::describe_reason("suppressed");
    e.detail = "on the suppression list: " + found[i]->reason;
    e.recipient = m.search_addresses[i];
    m.held.push_back({i, std::move(e)});
  }
  const bool none_left = !m.held.empty() && m.held.size() >= m.to.size() + m.cc.size();
  m.status = none_left ? domain::MessageStatus::suppressed : domain::MessageStatus::queued;
  return none_left;
}

void check_suppressions(store::SuppressionStorage& storage, std::vector<store::NewEvent>& events,
                        TimeMs now) {
  std::vector<store::AddressKey> keys;
  for (const auto& e : events)
    for (const auto& m : e.messages) {
      auto more = keys_of(e.store_id, m);
      keys.insert(keys.end(), more.begin(), more.end());
    }
  if (keys.empty()) return;
  const auto found = storage.find_suppressions(keys, now);
  size_t next = 0;
  for (auto& e : events) {
    // Decided afresh when checked again (a batch stored one by one after a failure).
    std::erase_if(e.skipped, [](const store::Skipped& s) { return s.reason == kSuppressed; });
    // Only an order event answers with what it skipped; a message on its own has its status.
    std::vector<store::Skipped> skipped;
    for (auto& m : e.messages) {
      const auto n = m.search_addresses.size();
      std::vector<std::optional<store::Suppression>> mine(found.begin() + next,
                                                          found.begin() + next + n);
      next += n;
      if (hold_suppressed(m, mine, now) && !e.event_id.empty())
        skipped.push_back({m.channel, kSuppressed, "the address is on the suppression list"});
    }
    e.skipped.insert(e.skipped.end(), skipped.begin(), skipped.end());
  }
}

void check_suppressions(store::SuppressionStorage& storage, store::StoreId store,
                        store::NewMessage& message, TimeMs now) {
  hold_suppressed(message, storage.find_suppressions(keys_of(store, message), now), now);
}

}  // namespace herald::intake
