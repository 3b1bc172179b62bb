#pragma once
// Order webhooks in (contract §12.3): the store's connector checks the signature over the raw
// body, the provider reads its envelope, and a status that maps to an order event (or to a
// status code the store defined) goes through the same intake as POST /v1/events, so event
// ids, templates, skipped reasons and the log behave alike. Every reported status is kept in
// the order's OMS history; one that becomes no event is answered {"ignored":true}.
#include <functional>

#include "intake/intake_service.h"
#include "oms/oms_settings.h"
#include "store/oms_storage.h"
#include "store/order_storage.h"
#include "store/tenant_storage.h"

namespace herald::oms {

struct WebhookAnswer {
  bool ignored = false;             // kept in the OMS history only
  store::EventAcceptance accepted;  // otherwise: the §4 answer
};

class WebhookIntake {
 public:
  using Header = std::function<std::string(const std::string& name)>;
  using Done = std::function<void(std::exception_ptr error, WebhookAnswer answer)>;

  WebhookIntake(store::TenantStorage& tenants, store::OmsStorage& oms, store::OrderStorage& orders,
                SettingsService& settings, intake::IntakeService& intake, const Clock& clock)
      : tenants_(tenants),
        oms_(oms),
        orders_(orders),
        settings_(settings),
        intake_(intake),
        clock_(clock) {}

  // Throws not_found (unknown store, connector missing or off), unauthorized (signature) or
  // bad_request before anything is stored; `done` runs once the outcome is durable.
  void receive(const std::string& store_slug, const Header& header, const std::string& raw,
               Done done);

 private:
  bool is_custom_code(store::StoreId store, const std::string& status);

  store::TenantStorage& tenants_;
  store::OmsStorage& oms_;
  store::OrderStorage& orders_;
  SettingsService& settings_;
  intake::IntakeService& intake_;
  const Clock& clock_;
};

}  // namespace herald::oms
