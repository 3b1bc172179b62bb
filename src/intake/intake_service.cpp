#include "intake/intake_service.h"

#include <mutex>

#include "intake/message_planner.h"
#include "intake/message_request.h"

namespace herald::intake {

IntakeService::IntakeService(store::Storage& storage, const Clock& clock,
                             std::string default_from, std::function<void()> on_commit,
                             GroupCommitter::Executor executor)
    : storage_(storage),
      clock_(clock),
      default_from_(std::move(default_from)),
      committer_(storage, clock, std::move(on_commit), std::move(executor)) {}

void IntakeService::accept(const store::StoreRecord& store, std::string_view body, Done done) {
  const TimeMs now = clock_.now_ms();
  EventRequest request = parse_event(body, now);
  auto tmpl = templates(store.id, request.type);
  PlannerContext ctx{store, tmpl, default_from_, now};
  committer_.submit(plan_event(ctx, request), std::move(done));
}

void IntakeService::accept_message(const store::StoreRecord& store, std::string_view body,
                                   Done done) {
  const TimeMs now = clock_.now_ms();
  auto request = parse_message_request(body);
  store::NewEvent carrier;  // no order event: only the message is stored
  carrier.store_id = store.id;
  carrier.messages.push_back(
      plan_message(store, templates(store.id, request.type), request, default_from_, now));
  committer_.submit(std::move(carrier), std::move(done));
}

void IntakeService::put_template(store::StoreId store, const store::TemplateRecord& t) {
  storage_.put_template(store, t);
  std::unique_lock lock(cache_mutex_);
  cache_.erase({store, t.key});
}

std::vector<store::TemplateRecord> IntakeService::templates(store::StoreId store,
                                                            const std::string& key) {
  {
    std::shared_lock lock(cache_mutex_);
    auto it = cache_.find({store, key});
    if (it != cache_.end()) return it->second;
  }
  auto loaded = storage_.list_templates(store, key);
  std::unique_lock lock(cache_mutex_);
  cache_[{store, key}] = loaded;
  return loaded;
}

}  // namespace herald::intake
