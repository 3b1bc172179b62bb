#include "intake/group_committer.h"

#include <spdlog/spdlog.h>

#include "common/error.h"
#include "intake/event_recorder.h"

namespace herald::intake {

GroupCommitter::GroupCommitter(store::IntakeStorage& intake,
                               store::SuppressionStorage& suppressions, store::OrderStorage& orders,
                               const Clock& clock, std::function<void()> on_commit,
                               Executor executor, size_t max_batch)
    : intake_(intake),
      suppressions_(suppressions),
      order_statuses_(orders),
      clock_(clock),
      on_commit_(std::move(on_commit)),
      executor_(std::move(executor)),
      max_batch_(max_batch),
      thread_([this] { run(); }) {}

GroupCommitter::~GroupCommitter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void GroupCommitter::submit(store::NewEvent event, Done done) {
  {
    std::lock_guard lock(mutex_);
    pending_.push_back({std::move(event), std::move(done)});
  }
  wake_.notify_one();
}

void GroupCommitter::run() {
  std::vector<Item> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty() && stopping_) return;
      while (!pending_.empty() && batch.size() < max_batch_) {
        batch.push_back(std::move(pending_.front()));
        pending_.pop_front();
      }
    }
    commit(batch);
    batch.clear();
  }
}

void GroupCommitter::complete(Item& item, std::exception_ptr error, store::EventAcceptance result) {
  if (!executor_) return item.done(error, std::move(result));
  executor_([done = std::move(item.done), error, result = std::move(result)]() mutable {
    done(error, std::move(result));
  });
}

void GroupCommitter::commit(std::vector<Item>& batch) {
  std::vector<store::NewEvent> events;
  events.reserve(batch.size());
  for (auto& item : batch) events.push_back(std::move(item.event));
  try {
    auto results = record_events(intake_, suppressions_, order_statuses_, events, clock_.now_ms());
    for (size_t i = 0; i < batch.size(); ++i) complete(batch[i], nullptr, std::move(results[i]));
    if (on_commit_) on_commit_();
    return;
  } catch (const std::exception& e) {
    if (batch.size() == 1) {
      spdlog::error(
          "intake: event {} not stored: {}", events[0].event_id,
          dynamic_cast<const Error*>(&e) ? static_cast<const Error&>(e).detail() : e.what());
      complete(batch[0], std::current_exception(), {});
      return;
    }
  }
  // One bad event must not fail its neighbours: store them one by one.
  bool any = false;
  for (size_t i = 0; i < batch.size(); ++i) {
    try {
      std::vector<store::NewEvent> single{events[i]};
      auto one = record_events(intake_, suppressions_, order_statuses_, single, clock_.now_ms());
      complete(batch[i], nullptr, std::move(one[0]));
      any = true;
    } catch (const std::exception& e) {
      spdlog::error("intake: event {} not stored: {}", events[i].event_id, e.what());
      complete(batch[i], std::current_exception(), {});
    }
  }
  if (any && on_commit_) on_commit_();
}

}  // namespace herald::intake
