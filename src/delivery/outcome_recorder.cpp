#include "delivery/outcome_recorder.h"

#include "common/error.h"

namespace herald::delivery {

namespace {
// Each round records every message that did not move; more than a few rounds means writers
// keep meeting on one message.
constexpr int kMaxRounds = 20;
}  // namespace

void record_attempts(store::QueueStorage& queue, const std::vector<AttemptRecord>& attempts,
                     int max_attempts) {
  std::vector<const AttemptRecord*> todo;
  todo.reserve(attempts.size());
  for (const auto& a : attempts) todo.push_back(&a);
  for (int round = 0; !todo.empty(); ++round) {
    if (round == kMaxRounds)
      throw Error(ErrorCode::unavailable, "a message keeps changing while its attempt is recorded",
                  {}, "message seq " + std::to_string(todo.front()->seq));
    std::vector<std::int64_t> seqs;
    seqs.reserve(todo.size());
    for (const auto* a : todo) seqs.push_back(a->seq);
    const auto states = queue.attempt_states(seqs);
    std::vector<store::AttemptChange> changes;
    std::vector<const AttemptRecord*> decided;
    for (size_t i = 0; i < todo.size(); ++i) {
      if (!states.at(i).queued) continue;
      changes.push_back(decide_attempt(*todo[i], states[i], max_attempts));
      decided.push_back(todo[i]);
    }
    if (changes.empty()) return;
    const auto recorded = queue.record_attempt_changes(changes);
    todo.clear();
    for (size_t i = 0; i < decided.size(); ++i)
      if (recorded.at(i) == store::ChangeRecorded::moved) todo.push_back(decided[i]);
  }
}

}  // namespace herald::delivery
