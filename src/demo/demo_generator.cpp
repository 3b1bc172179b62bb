#include "demo/demo_generator.h"

#include <algorithm>
#include <map>
#include <random>

#include "campaigns/campaign.h"
#include "demo/demo_catalog.h"
#include "demo/demo_journeys.h"
#include "demo/demo_outcomes.h"
#include "domain/event_types.h"
#include "intake/event_recorder.h"
#include "intake/message_planner.h"
#include "intake/message_request.h"
#include "orders/order_status_service.h"
#include "orders/status_rules.h"
#include "store/order_storage.h"
#include "tenants/api_keys.h"

namespace herald::demo {

namespace {
using nlohmann::json;
constexpr TimeMs kHour = 3600 * 1000, kDay = 24 * kHour;
// Messages per order event: an email, and an SMS when the customer has a phone.
constexpr double kMessagesPerEvent = 1.9;

std::string email_html(const EventWording& w, std::string_view language) {
  const bool nb = language == "nb", pt = language == "pt";
  std::string greeting = nb ? "Hei" : (pt ? "Olá" : "Hi");
  std::string link = nb ? "Se ordren din" : (pt ? "Ver seu pedido" : "View your order");
  return "<!doctype html><html><body style=\"font-family:sans-serif\">"
         "<h1 style=\"font-size:20px\">{{store.name}}</h1><p>" +
         greeting + " {{customer.name}},</p><p>" + std::string(w.headline) +
         "</p><table>{{#order.bags}}<tr><td>{{name}}</td><td>{{qty}}</td></tr>{{/order.bags}}"
         "</table><p>{{order.number}} · {{order.total}} {{order.currency}}</p>"
         "<p><a href=\"{{data.order_url}}\">" +
         link + "</a></p></body></html>";
}

void add_templates(store::TemplateStorage& templates, store::StoreId id, TimeMs now) {
  const std::pair<const char*, const char*> languages[] = {
      {"en", "en"}, {"nb", "nb"}, {"pt-BR", "pt"}};
  for (auto type : domain::kOrderEventTypes) {
    for (const auto& [locale, language] : languages) {
      const EventWording w = wording(type, language);
      const std::string key(type);
      templates.put_template(
          id, {key, domain::Channel::email, locale, std::string(w.subject), email_html(w, language),
               "{{customer.name}},\n\n" + std::string(w.headline) +
                   "\n\n{{order.number}}\n{{data.order_url}}\n",
               "", now});
      templates.put_template(
          id, {key, domain::Channel::sms, locale, "", "", "", std::string(w.sms), now});
    }
  }
}

// The shop's names for the statuses its order events lead to (contract §7), and a campaign it
// could switch on. The campaign starts inactive: the demo history predates it, and switching it
// on must not message a month of old orders.
void add_statuses_and_campaign(store::TemplateStorage& templates, store::OrderStorage& orders,
                               store::StoreId id, const DemoShop& shop, TimeMs now) {
  const std::string language = shop.locale.substr(0, 2);
  for (auto type : domain::kOrderEventTypes) {
    const auto mapping = orders::default_mapping(std::string(type));
    if (!mapping) continue;
    store::OrderStatusDef d;
    d.name = std::string(status_name(type, language));
    d.type = mapping->status_type;
    d.code = mapping->code;
    d.include_in_analytics = type != "BAG_PICKED";
    orders.create_order_status(id, d, now);
  }
  const std::pair<const char*, const char*> sms[] = {
      {"en",
       "{{store.name}}: your order {{order.number}} is on its way. Please have "
       "{{order.total}} {{order.currency}} ready: it is cash on delivery."},
      {"nb",
       "{{store.name}}: ordren {{order.number}} er på vei. Ha {{order.total}} "
       "{{order.currency}} klart: den betales ved levering."},
      {"pt-BR",
       "{{store.name}}: seu pedido {{order.number}} está a caminho. Tenha "
       "{{order.total}} {{order.currency}} em mãos: pagamento na entrega."}};
  for (const auto& [locale, text] : sms)
    templates.put_template(id,
                           {"cod_reminder", domain::Channel::sms, locale, "", "", "", text, now});
  auto campaign = campaigns::parse_campaign(json::parse(R"({
    "name": "Cash on delivery: have the money ready",
    "trigger": {"type": "order_status_changed", "status_type": "delivery",
                "from": "DELIVERY_PARTNER_ASSIGNED", "to": "OUT_FOR_DELIVERY"},
    "filter": {"all": [{"field": "order.payment", "op": "eq", "value": "cod"},
                       {"field": "customer.phone", "op": "exists", "value": true}]},
    "actions": [{"type": "send_sms", "template": "cod_reminder", "delay_seconds": 0}],
    "active": false})"));
  store::CampaignRow row;
  row.active = false;
  row.spec_json = campaigns::to_json(campaign).dump();
  orders.create_campaign(id, row, now);
}

json event_body(const DemoShop& shop, const Customer& c, const PlannedEvent& e) {
  const std::string n = std::to_string(e.order);
  json bags = json::array();
  const auto& products = demo_products();
  const auto& p = products[static_cast<size_t>(e.order) % products.size()];
  bags.push_back({{"id", "B-" + n + "-1"}, {"sku", p.sku}, {"name", p.name}, {"qty", 1}});
  json customer = {{"id", c.id},
                   {"name", c.name},
                   {"email", c.email},
                   {"locale", c.locale},
                   {"tags", json::array({c.tag})}};
  if (!c.phone.empty()) customer["phone"] = c.phone;
  json data = {{"order_url", "https://" + shop.domain + "/orders/" + n}};
  if (e.type == "OUT_FOR_DELIVERY" || e.type == "DELIVERY_PARTNER_ASSIGNED")
    data["tracking_url"] = "https://track.carrier.example/" + n;
  return {{"id", shop.slug + "-" + n + "-" + std::to_string(e.step)},
          {"type", e.type},
          {"occurred_at", format_rfc3339(e.at)},
          {"order",
           {{"id", shop.order_prefix + "-" + n},
            {"number", "#" + n},
            {"payment", e.cod ? "cod" : "prepaid"},
            {"total", e.total},
            {"currency", shop.currency},
            {"bags", bags}}},
          {"customer", customer},
          {"data", data}};
}

// A password reset or a reminder about a forgotten cart, as the shop's site would send them.
store::NewEvent account_message(const store::StoreRecord& shop, const std::string& from,
                                const Customer& c, TimeMs at, std::mt19937& rng) {
  intake::MessageRequest r;
  r.to = {c.email};
  r.customer_id = c.id;
  if (rng() % 2 == 0) {
    r.type = "password_reset";
    r.subject = "Reset your password";
    r.html = "<p>Hi " + c.name +
             ", use the link below to choose a new password.</p>"
             "<p><a href=\"https://shop.example/reset\">Reset password</a></p>";
  } else {
    r.type = "abandoned_cart";
    r.cart_id = "CART-" + std::to_string(rng() % 900000 + 100000);
    r.subject = "You left something in your cart";
    r.html = "<p>Hi " + c.name +
             ", your cart is waiting.</p>"
             "<p><a href=\"https://shop.example/cart\">Back to the cart</a></p>";
  }
  store::NewEvent e;
  e.store_id = shop.id;
  e.type = r.type;
  e.occurred_at = at;
  e.messages.push_back(intake::plan_message(shop, {}, r, from, at));
  return e;
}

class ShopFiller {
 public:
  ShopFiller(store::Storage& storage, store::OrderStorage& orders, const DemoShop& shop,
             const store::StoreRecord& record, const DemoOptions& options, std::uint32_t seed)
      : storage_(storage),
        order_statuses_(orders),
        shop_(shop),
        record_(record),
        options_(options),
        rng_(seed),
        clock_(options.now),
        outcomes_(storage, storage, storage, clock_, seed + 1) {}

  DemoStoreResult fill(int messages) {
    const int events = std::max(20, static_cast<int>(messages / kMessagesPerEvent));
    const int orders = std::max(4, events / 6);
    customers_ = make_customers(shop_, std::max(30, orders / 2), rng_);
    for (const auto& c : customers_) outcomes_.add_customer(c);
    const TimeMs from = options_.now - options_.days * kDay;
    auto planned = plan_orders(orders, static_cast<int>(customers_.size()), from,
                               options_.now - kHour / 6, 100000, rng_);
    if (planned.size() > static_cast<size_t>(events)) planned.resize(static_cast<size_t>(events));
    DemoStoreResult result{shop_.slug, "", true, 0, 0};
    std::vector<store::NewEvent> batch;
    // Events are taken in by the batch, at the time of the batch's last event, so no message is
    // older than its event and none is more than a few minutes younger.
    TimeMs batch_start = planned.empty() ? from : planned.front().at, batch_end = batch_start;
    for (const auto& e : planned) {
      if (!batch.empty() && (e.at - batch_start > kHour / 6 || batch.size() >= 400)) {
        flush(batch, batch_end, result);
        batch_start = e.at;
      }
      batch_end = e.at;
      batch.push_back(plan(e));
      if (rng_() % 40 == 0)
        batch.push_back(account_message(record_, from_address(),
                                        customers_[rng_() % customers_.size()], e.at, rng_));
    }
    if (!batch.empty()) flush(batch, batch_end, result);
    // A history, not a queue: nothing is left for a server to send (or retry for ever).
    outcomes_.settle_all(options_.now);
    return result;
  }

 private:
  std::string from_address() const {
    return options_.from.empty() ? "orders@" + shop_.domain : options_.from;
  }

  store::NewEvent plan(const PlannedEvent& e) {
    auto& templates = templates_[e.type];
    if (templates.empty()) templates = storage_.list_templates(record_.id, std::string(e.type));
    const auto body = event_body(shop_, customers_[static_cast<size_t>(e.customer)], e);
    auto request = intake::parse_event(body.dump(), e.at);
    intake::PlannerContext ctx{record_, templates, from_address(), e.at};
    return intake::plan_event(ctx, std::move(request));
  }

  void flush(std::vector<store::NewEvent>& batch, TimeMs at, DemoStoreResult& result) {
    for (const auto& e : batch) {
      if (!e.event_id.empty()) ++result.events;
      result.messages += static_cast<std::int64_t>(e.messages.size());
    }
    intake::record_events(storage_, storage_, order_statuses_, batch, at);
    batch.clear();
    outcomes_.settle(at, options_.now);
  }

  store::Storage& storage_;
  orders::OrderStatusService order_statuses_;
  const DemoShop& shop_;
  store::StoreRecord record_;
  const DemoOptions& options_;
  std::mt19937 rng_;
  ManualClock clock_;
  OutcomeSimulator outcomes_;
  std::vector<Customer> customers_;
  std::map<std::string_view, std::vector<store::TemplateRecord>> templates_;
};
}  // namespace

std::vector<DemoStoreResult> generate_demo(store::Storage& storage, store::OrderStorage& orders,
                                           const DemoOptions& options) {
  std::vector<DemoStoreResult> out;
  const auto shops = demo_shops();
  for (size_t i = 0; i < shops.size(); ++i) {
    const DemoShop& shop = shops[i];
    if (storage.find_store_by_slug(shop.slug)) {
      out.push_back({shop.slug, "", false, 0, 0});
      continue;
    }
    store::StoreSettings settings;
    settings.name = shop.name;
    settings.default_country = shop.country;
    settings.default_locale = shop.locale;
    settings.owner_email = shop.owner_email;
    const std::string key = tenants::new_api_key();
    auto record = storage.create_store(shop.slug, tenants::hash_api_key(key), "", settings,
                                       options.now - (options.days + 1) * kDay);
    add_templates(storage, record.id, options.now - (options.days + 1) * kDay);
    add_statuses_and_campaign(storage, orders, record.id, shop,
                              options.now - (options.days + 1) * kDay);
    // The first shop is the bigger one.
    const int share =
        i == 0 ? options.messages * 3 / 5 : options.messages - options.messages * 3 / 5;
    ShopFiller filler(storage, orders, shop, record, options,
                      options.seed + static_cast<std::uint32_t>(i) * 7919);
    auto result = filler.fill(share);
    result.api_key = key;
    out.push_back(std::move(result));
  }
  return out;
}

}  // namespace herald::demo
