// What clients and mail servers send: bounces, order events, messages, campaign filters and
// templates with their data.
#include "bounce/bounce.h"
#include "common/error.h"
#include "common/json_read.h"
#include "entries/entries.h"
#include "intake/event_request.h"
#include "intake/message_request.h"
#include "orders/filter.h"
#include "render/renderer.h"

namespace herald::fuzz {

namespace {

constexpr TimeMs kNow = 1'780'000'000'000;  // a fixed clock: runs must be repeatable

std::string_view text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

nlohmann::json order_context() {
  return {{"order", {{"id", "A-1"}, {"total", 1200}, {"items", {{{"sku", "X"}, {"qty", 2}}}}}},
          {"customer", {{"name", "Ada"}, {"email", "ada@example.com"}}},
          {"data", {{"tags", {"vip", "nordic"}}}},
          {"status", "SHIPPED"}};
}

template <typename F>
int refusals_expected(F&& f) {
  try {
    f();
  } catch (const Error&) {
  }
  return 0;
}

}  // namespace

int bounce(const uint8_t* data, size_t size) {
  const auto report = bounce::parse_bounce(text(data, size));
  (void)bounce::bounce_json_line("fuzz.eml", report);
  return 0;
}

int event(const uint8_t* data, size_t size) {
  return refusals_expected([&] {
    const auto custom = [](const std::string& type) { return type.rfind("SHOP_", 0) == 0; };
    const auto e = intake::parse_event(text(data, size), kNow, custom);
    (void)e.body.dump();
  });
}

int message(const uint8_t* data, size_t size) {
  return refusals_expected([&] {
    const auto request = intake::parse_message_request(text(data, size));
    store::StoreRecord shop;
    shop.id = 1;
    shop.slug = "shop";
    domain::TemplateRecord t;
    t.key = request.type;
    t.locale = "en";
    t.subject = "Hello {{customer.name}}";
    t.text = "{{#order.items}}{{sku}} x{{qty}}\n{{/order.items}}";
    t.sms = "Order {{order.id}}";
    t.channel = request.channel;
    (void)intake::plan_message(shop, {t}, request, "Shop <shop@example.com>", kNow);
  });
}

int filter(const uint8_t* data, size_t size) {
  const auto in = split(data, size, '\0');  // (clang 14 captures no structured binding)
  return refusals_expected([&] {
    const auto filter = read_json(in.head, "filter");
    orders::validate_filter(filter);
    const auto context = in.separated ? read_json(in.tail, "context") : order_context();
    (void)orders::filter_matches(filter, context);
  });
}

int render(const uint8_t* data, size_t size) {
  const auto in = split(data, size, '\0');
  return refusals_expected([&] {
    const auto vars = in.separated ? read_json(in.tail, "data") : order_context();
    domain::TemplateRecord t;
    t.subject = std::string(in.head);
    t.html = t.subject;
    (void)render::render_template(t, vars, render::Reuse::once);
    (void)render::render(t.subject, vars, render::Escape::none);  // through the cache
  });
}

}  // namespace herald::fuzz
