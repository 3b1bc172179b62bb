#pragma once
// The dashboard's figures: what a change to the message log adds to the per-day counters and to
// the failure log. Pure rules, so that every storage backend keeps the same figures: the
// service that decides a change works its figures out here, and the backend writes them with
// the change.
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "domain/message.h"

namespace herald::domain {

constexpr TimeMs kDayMs = 86'400'000;

// The counters' day: whole UTC days since the epoch.
constexpr std::int64_t day_of(TimeMs at) {
  return at / kDayMs;
}

// What one counter of a store gains on one day. Kinds: "channel" (key email or sms: messages
// created), "stage" (key sent, delivered, opened or clicked: messages that reached it),
// "fail" (key: the failure's reason, its type when it gives none: recipients that failed).
struct FigureIncrement {
  std::int64_t store_id = 0;
  std::int64_t day = 0;
  std::string kind, key;
  std::int64_t n = 1;
};

// A line of the failure log: the first failure of one recipient of one message.
struct RecipientFailure {
  std::int64_t store_id = 0;
  std::int64_t message_seq = 0;
  std::string recipient;
  std::string reason;  // its type when the failure gives no reason
  std::string domain;  // of an email address, lower-case; empty for a phone number
  TimeMs at = 0;
};

// The figures one change brings; storage records them with the change, or not at all.
struct FigureChanges {
  std::vector<FigureIncrement> increments;
  std::vector<RecipientFailure> failures;

  bool empty() const { return increments.empty() && failures.empty(); }
};

// What a message's timeline already holds, as far as the figures go: the stages it reached
// and the recipients that failed.
class FigureHistory {
 public:
  // One entry of the timeline, by type and recipient; entries that count for nothing are
  // ignored.
  void add(std::string_view type, std::string_view recipient);
  bool reached(std::string_view stage) const { return stages_.count(stage) != 0; }
  bool failed(std::string_view recipient) const { return failed_.count(recipient) != 0; }

 private:
  std::set<std::string, std::less<>> stages_, failed_;
};

// One new entry on a message's timeline, as the figures see it.
struct FigureEntry {
  TimeMs at = 0;
  std::string type, recipient, reason;
};

// A message created: counted once under its channel on the day it was created.
FigureChanges figures_for_new_message(std::int64_t store_id, Channel channel, TimeMs created_at);

// New entries on the timeline of a message (in the order they are added) after `history`:
// - the first sent, delivered, opened or clicked entry of a message counts it under that
//   stage, on that entry's day; later ones of the same type count nothing;
// - the first failure (bounced, failed, undelivered, complained) of each recipient counts it
//   under the failure's reason on that day and writes its line of the failure log; a
//   recipient that fails again counts nothing.
FigureChanges figures_for_entries(std::int64_t store_id, std::int64_t message_seq,
                                  FigureHistory history, const std::vector<FigureEntry>& entries);

}  // namespace herald::domain
