#include "oms/webhook_intake.h"

#include "common/error.h"
#include "oms/registry.h"

namespace herald::oms {

void WebhookIntake::receive(const std::string& store_slug, const Header& header,
                            const std::string& raw, Done done) {
  const auto store = tenants_.find_store_by_slug(store_slug);
  if (!store) throw not_found("store");
  const auto settings = settings_.get(store->id);
  if (!settings || !settings->enabled) throw not_found("OMS connector");
  const auto& reader = provider(settings->provider).webhooks;
  if (!reader.signed_by(raw, header(reader.signature_header), settings->secret))
    throw Error(ErrorCode::unauthorized, std::string("missing or wrong ") + reader.signature_header,
                reader.signature_header);
  WebhookEvent w = reader.read(raw);
  const store::OmsStatusEntry entry{w.event_id, w.order_id, w.shipment_id,
                                    w.status,   w.at,       clock_.now_ms()};
  std::string type = w.event_type;
  if (type.empty() && is_custom_code(store->id, w.status)) type = w.status;
  if (type.empty()) {
    oms_.add_oms_status(store->id, entry);
    WebhookAnswer answer;
    answer.ignored = true;
    return done(nullptr, std::move(answer));
  }
  w.event["type"] = type;
  intake_.accept(*store, w.event.dump(),
                 [this, store_id = store->id, entry, done = std::move(done)](
                     std::exception_ptr error, store::EventAcceptance accepted) {
                   if (!error) {
                     try {
                       oms_.add_oms_status(store_id, entry);
                     } catch (...) {
                       // The event is stored; the history line is only for support to read.
                     }
                   }
                   WebhookAnswer answer;
                   answer.accepted = std::move(accepted);
                   done(error, std::move(answer));
                 });
}

bool WebhookIntake::is_custom_code(store::StoreId store, const std::string& status) {
  for (const auto& s : orders_.list_order_statuses(store))
    if (s.code == status) return true;
  return false;
}

}  // namespace herald::oms
