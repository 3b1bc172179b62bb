#include "intake/event_recorder.h"

#include "common/error.h"
#include "domain/dashboard_figures.h"
#include "intake/suppression_check.h"

namespace herald::intake {

namespace {
// Each round stores at least one event of every order that moved on; more than a few rounds
// means writers keep meeting on one order.
constexpr int kMaxRounds = 20;

// Each message is counted on the dashboard by the write that stores it, at `now`.
void count_messages(std::vector<store::NewEvent>& events, TimeMs now) {
  for (auto& e : events)
    for (auto& m : e.messages)
      m.figures = domain::figures_for_new_message(e.store_id, m.channel, now);
}
}  // namespace

std::vector<store::EventAcceptance> record_events(store::IntakeStorage& intake,
                                                  store::SuppressionStorage& suppressions,
                                                  orders::OrderStatusService& order_statuses,
                                                  std::vector<store::NewEvent>& events,
                                                  TimeMs now) {
  check_suppressions(suppressions, events, now);
  order_statuses.decide_events(events);
  count_messages(events, now);
  auto results = intake.accept_events(events, now);
  for (int round = 0;; ++round) {
    std::vector<size_t> again;
    for (size_t i = 0; i < results.size(); ++i)
      if (results[i].order_moved_on) again.push_back(i);
    if (again.empty()) return results;
    if (round == kMaxRounds)
      throw Error(ErrorCode::unavailable,
                  "event '" + events[again[0]].event_id + "': its order keeps changing; try again");
    std::vector<store::NewEvent> retry;
    retry.reserve(again.size());
    for (size_t i : again) retry.push_back(events[i]);  // copies: `events` stays whole on error
    order_statuses.decide_events(retry);
    auto more = intake.accept_events(retry, now);
    for (size_t k = 0; k < again.size(); ++k) {
      events[again[k]].order_update = std::move(retry[k].order_update);
      results[again[k]] = std::move(more[k]);
    }
  }
}

}  // namespace herald::intake
