// herald demo: a demo store with templates and a history of messages in every status.
#include <iostream>
#include <random>

#include "api/auth.h"
#include "cli/commands.h"
#include "common/error.h"
#include "config/config.h"
#include "domain/event_types.h"
#include "intake/message_planner.h"

namespace herald::cli {

namespace {
using nlohmann::json;

void add_templates(store::Storage& storage, store::StoreId id, TimeMs now) {
  for (auto type : domain::kOrderEventTypes) {
    std::string t(type);
    store::TemplateRecord en{t, domain::Channel::email, "en",
                             "Order {{order.number}}: " + t,
                             "<p>Hi {{customer.name}},</p><p>Your order <b>{{order.number}}</b> "
                             "has a new status: " + t + ".</p>",
                             "Hi {{customer.name}}, your order {{order.number}}: " + t, "", now};
    store::TemplateRecord nb{t, domain::Channel::email, "nb",
                             "Ordre {{order.number}}: " + t,
                             "<p>Hei {{customer.name}},</p><p>Ordren din <b>{{order.number}}</b> "
                             "har ny status: " + t + ".</p>",
                             "Hei {{customer.name}}, ordre {{order.number}}: " + t, "", now};
    store::TemplateRecord sms{t, domain::Channel::sms, "en", "", "", "",
                              "{{store.name}}: order {{order.number}} " + t, now};
    for (const auto& rec : {en, nb, sms}) storage.put_template(id, rec);
  }
}

// Gives each queued message an outcome as if a relay had answered, so the log shows a history.
void settle(store::Storage& storage, TimeMs now) {
  for (auto channel : {domain::Channel::email, domain::Channel::sms}) {
    for (;;) {
      auto batch = storage.claim_due(channel, now, 500, now + 1);
      if (batch.empty()) break;
      std::vector<store::AttemptRecord> records;
      for (const auto& m : batch) {
        store::AttemptRecord rec;
        rec.seq = m.seq;
        rec.at = now;
        for (const auto& to : m.pending) {
          domain::RecipientResult r{to, domain::Outcome::sent, 250, "2.0.0", "", "250 2.0.0 Ok"};
          if (to.rfind("unknown", 0) == 0)
            r = {to, domain::Outcome::bounced, 550, "5.1.1", "userunknown",
                 "550 5.1.1 <" + to + ">: Recipient address rejected: User unknown"};
          else if (to.rfind("full", 0) == 0)
            r = {to, domain::Outcome::deferred, 452, "4.2.2", "mailboxfull",
                 "452 4.2.2 <" + to + ">: Mailbox full"};
          if (r.outcome == domain::Outcome::deferred) rec.retry_at = now + 3600 * 1000;
          rec.results.push_back(r);
        }
        records.push_back(std::move(rec));
      }
      storage.record_attempts(records, 10);
    }
  }
}
}  // namespace

int demo(const std::string& config_path, int messages) {
  auto cfg = config::load(config_path);
  auto storage = store::open_storage(cfg.storage.url);
  const TimeMs now = SystemClock().now_ms();
  auto existing = storage->find_store_by_slug("demo");
  std::string key;
  store::StoreRecord shop;
  if (existing) {
    shop = *existing;
  } else {
    store::StoreSettings settings;
    settings.name = "Demo Shop";
    settings.owner_email = "owner@demo.example";
    key = api::new_api_key();
    shop = storage->create_store("demo", api::hash_api_key(key), "", settings, now);
    add_templates(*storage, shop.id, now);
  }
  const char* names[] = {"Sara", "Ola", "Kari", "João", "Maria", "Per"};
  const char* locales[] = {"nb-NO", "en", "pt-BR", "nb"};
  const char* mailboxes[] = {"", "", "", "", "unknown.", "full."};
  std::mt19937 rng(42);
  std::vector<store::NewEvent> batch;
  for (int i = 0; i < messages; ++i) {
    auto type = domain::kOrderEventTypes[rng() % domain::kOrderEventTypes.size()];
    const std::string n = std::to_string(1000 + i / 3);
    const std::string name = names[rng() % 6];
    json body = {
        {"id", "demo-" + std::to_string(now) + "-" + std::to_string(i)},
        {"type", type},
        {"order", {{"id", "FY-" + n}, {"number", "KRT-" + n}, {"payment", rng() % 3 ? "prepaid" : "cod"}}},
        {"customer",
         {{"id", "C-" + std::to_string(i % 97)},
          {"name", name},
          {"email", std::string(mailboxes[rng() % 6]) + "customer" + std::to_string(i % 97) + "@demo.example"},
          {"phone", "+47 9" + std::to_string(1000000 + i % 97)},
          {"locale", locales[rng() % 4]}}}};
    auto request = intake::parse_event(body.dump(), now);
    auto tmpl = storage->list_templates(shop.id, request.type);
    intake::PlannerContext ctx{shop, tmpl, cfg.email.default_from, now};
    batch.push_back(intake::plan_event(ctx, request));
    if (batch.size() == 500 || i + 1 == messages) {
      storage->accept_events(batch, now);
      batch.clear();
      settle(*storage, now);
    }
  }
  json out = {{"store", "demo"}, {"events", messages}};
  if (!key.empty()) out["api_key"] = key;
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace herald::cli
