#include "intake/intake_service.h"

#include <spdlog/spdlog.h>

#include <mutex>

#include "common/error.h"
#include "intake/message_planner.h"
#include "intake/message_request.h"
#include "intake/message_types.h"
#include "render/default_templates.h"
#include "store/order_storage.h"

namespace herald::intake {

IntakeService::IntakeService(const IntakeStores& stores, const Clock& clock,
                             std::string default_from, std::function<void()> on_commit,
                             GroupCommitter::Executor executor)
    : templates_(stores.templates),
      log_(stores.log),
      orders_(stores.orders),
      clock_(clock),
      default_from_(std::move(default_from)),
      committer_(stores.events, stores.suppressions, stores.orders, clock, std::move(on_commit),
                 std::move(executor)) {}

void IntakeService::accept(const store::StoreRecord& store, std::string_view body, Done done) {
  const TimeMs now = clock_.now_ms();
  // Besides the OMS event types, a store may send its own status codes (contract §4, §7).
  auto is_custom = [&](const std::string& type) {
    for (const auto& s : orders_.list_order_statuses(store.id))
      if (s.code == type) return true;
    return false;
  };
  EventRequest request = parse_event(body, now, is_custom);
  auto tmpl = templates(store.id, request.type);
  PlannerContext ctx{store, tmpl, default_from_, now};
  const std::string order_id = request.order_id;
  // Support reads why an event sent nothing from the log as well as from the order page.
  auto log_skips = [done = std::move(done), slug = store.slug, order_id](
                       std::exception_ptr error, store::EventAcceptance accepted) {
    if (!error && !accepted.duplicate)
      for (const auto& s : accepted.skipped)
        spdlog::info("event {}/{} for order {}: no {} message: {} {}", slug, accepted.event_id,
                     order_id, domain::to_string(s.channel), s.reason, s.detail);
    done(error, std::move(accepted));
  };
  committer_.submit(plan_event(ctx, std::move(request)), std::move(log_skips));
}

void IntakeService::accept_message(const store::StoreRecord& store, std::string_view body,
                                   Done done) {
  const TimeMs now = clock_.now_ms();
  auto request = parse_message_request(body);
  apply_type_rules(store, request);
  store::NewEvent carrier;  // no order event: only the message is stored
  carrier.store_id = store.id;
  const auto tmpl = templates(store.id, request.type);
  if (request.type == "otp") {
    // The log keeps the message with the code masked; the clear text stays in memory.
    const auto code = otp_code(request);
    auto clear = plan_message(store, tmpl, request, default_from_, now);
    request.data["code"] = mask_code(code);
    auto masked = plan_message(store, tmpl, request, default_from_, now);
    for (auto at = masked.sms.find(code); at != std::string::npos; at = masked.sms.find(code, at))
      masked.sms.replace(at, code.size(), mask_code(code));
    if (!vault_) throw internal_error("no secret vault for one-time codes");
    vault_->put(masked.public_id, clear.sms);
    carrier.messages.push_back(std::move(masked));
  } else {
    carrier.messages.push_back(plan_message(store, tmpl, request, default_from_, now));
  }
  committer_.submit(std::move(carrier), std::move(done));
}

void IntakeService::resend(const store::StoreRecord& store, const std::string& id, Resent done) {
  auto planned = plan(store, resend_input(log_, store, id, default_from_, links_), clock_.now_ms());
  if (!planned.message)
    throw bad_request("message '" + id + "' cannot be sent again: " + planned.skipped.reason,
                      planned.field);
  store::NewEvent carrier;
  carrier.store_id = store.id;
  carrier.messages.push_back(std::move(*planned.message));
  committer_.submit(std::move(carrier), [done = std::move(done)](std::exception_ptr error,
                                                                 store::EventAcceptance a) {
    if (error) return done(error, "");
    if (a.messages.empty())
      return done(std::make_exception_ptr(internal_error("resend stored nothing")), "");
    done(nullptr, a.messages.front().id);
  });
}

void IntakeService::put_template(store::StoreId store, const store::TemplateRecord& t) {
  templates_.put_template(store, t);
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
  auto loaded = render::with_defaults(templates_.list_templates(store, key), key);
  std::unique_lock lock(cache_mutex_);
  cache_[{store, key}] = loaded;
  return loaded;
}

}  // namespace herald::intake
