#include "store/intake_batch.h"

#include <map>
#include <optional>
#include <utility>

namespace herald::store {

namespace {
using nlohmann::json;
using Key = std::pair<StoreId, std::string>;

EventAcceptance moved_on(const NewEvent& e) {
  EventAcceptance out;
  out.event_id = e.event_id;
  out.order_moved_on = true;
  return out;
}

// The order updates of the stored events, in rounds: each order's first update in the first
// round, its second in the next, so each sees the version the one before it left.
std::vector<std::vector<size_t>> order_rounds(const std::vector<NewEvent>& events,
                                              const std::vector<bool>& stored) {
  std::vector<std::vector<size_t>> rounds;
  std::map<Key, size_t> seen;
  for (size_t i = 0; i < events.size(); ++i) {
    if (!stored[i] || !events[i].order_update) continue;
    const auto& u = *events[i].order_update;
    const size_t round = seen[{u.store_id, u.order_id}]++;
    if (rounds.size() <= round) rounds.emplace_back();
    rounds[round].push_back(i);
  }
  return rounds;
}
}  // namespace

std::vector<EventAcceptance> accept_batch(IntakeWriter& writer,
                                          const std::vector<NewEvent>& events) {
  const size_t n = events.size();
  std::vector<EventAcceptance> out(n);
  // An event id met earlier in the batch: the index of its first event.
  std::vector<std::optional<size_t>> copy_of(n);
  std::map<Key, size_t> first;
  std::vector<size_t> fresh;
  std::vector<bool> stored(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (events[i].event_id.empty()) {  // messages not caused by an order event
      stored[i] = true;
      continue;
    }
    auto [at, added] = first.emplace(Key{events[i].store_id, events[i].event_id}, i);
    if (added)
      fresh.push_back(i);
    else
      copy_of[i] = at->second;
  }

  if (!fresh.empty()) {
    std::vector<const NewEvent*> batch;
    for (size_t i : fresh) batch.push_back(&events[i]);
    const auto inserted = writer.insert_events(batch);
    std::vector<const NewEvent*> known;
    std::vector<size_t> known_at;
    for (size_t k = 0; k < fresh.size(); ++k) {
      if (inserted[k]) {
        stored[fresh[k]] = true;
      } else {
        known.push_back(&events[fresh[k]]);
        known_at.push_back(fresh[k]);
      }
    }
    if (!known.empty()) {
      auto loaded = writer.load_acceptances(known);
      for (size_t k = 0; k < known.size(); ++k) out[known_at[k]] = std::move(loaded[k]);
    }
  }

  std::vector<const NewEvent*> taken_back;
  for (const auto& round : order_rounds(events, stored)) {
    std::vector<const OrderUpdate*> updates;
    for (size_t i : round) updates.push_back(&*events[i].order_update);
    const auto written = writer.write_orders(updates);
    for (size_t k = 0; k < round.size(); ++k) {
      if (written[k]) continue;
      const size_t i = round[k];
      stored[i] = false;
      out[i] = moved_on(events[i]);
      taken_back.push_back(&events[i]);
    }
  }
  if (!taken_back.empty()) writer.remove_events(taken_back);

  std::vector<const OrderUpdate*> changes;
  std::vector<MessageToStore> messages;
  for (size_t i = 0; i < n; ++i) {
    if (!stored[i]) continue;
    const auto& e = events[i];
    if (e.order_update && e.order_update->change) changes.push_back(&*e.order_update);
    for (const auto& m : e.messages) messages.push_back({&e, &m});
  }
  if (!changes.empty()) writer.record_changes(changes);
  if (!messages.empty()) writer.insert_messages(messages);

  for (size_t i = 0; i < n; ++i) {
    if (stored[i]) {
      const auto& e = events[i];
      out[i].event_id = e.event_id;
      if (!e.event_id.empty()) out[i].skipped = e.skipped;
      for (const auto& m : e.messages)
        out[i].messages.push_back({m.public_id, m.channel, m.status});
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (!copy_of[i]) continue;
    const auto& original = out[*copy_of[i]];
    if (original.order_moved_on) {
      out[i] = moved_on(events[i]);  // both are decided again, the first still first
    } else {
      out[i] = original;
      out[i].duplicate = true;
    }
  }
  return out;
}

std::string skipped_to_json(const std::vector<Skipped>& skipped) {
  json out = json::array();
  for (const auto& s : skipped)
    out.push_back(
        {{"channel", domain::to_string(s.channel)}, {"reason", s.reason}, {"detail", s.detail}});
  return out.dump();
}

std::vector<Skipped> skipped_from_json(const std::string& text) {
  std::vector<Skipped> out;
  for (const auto& j : json::parse(text)) {
    Skipped s;
    s.channel = domain::parse_channel(j.value("channel", "email")).value_or(domain::Channel::email);
    s.reason = j.value("reason", "");
    s.detail = j.value("detail", "");
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace herald::store
