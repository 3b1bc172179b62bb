#pragma once
// What the demo shops are made of: two stores, their customers' names, their products and the
// wording of every order event in English, Norwegian and Brazilian Portuguese.
#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace herald::demo {

struct DemoShop {
  std::string slug, name, country, locale, owner_email, domain, currency;
  std::string order_prefix;              // order ids: PREFIX-100000, ...
  std::vector<std::string> locales;      // customers' locales, most common first
  std::vector<std::string> first_names;  // customers' names
  std::string phone_prefix;              // E.164 prefix of a valid mobile range
  int phone_digits = 0;                  // digits after the prefix
};

std::vector<DemoShop> demo_shops();

struct Product {
  std::string_view sku, name;
  int price;
};
const std::vector<Product>& demo_products();

// The words of one event type in one language.
struct EventWording {
  std::string_view subject;   // email subject; {{order.number}} is filled in by mustache
  std::string_view headline;  // first paragraph
  std::string_view sms;
};

// Language: "en", "nb" or "pt". Throws std::out_of_range for an unknown type.
EventWording wording(std::string_view event_type, std::string_view language);

// What a shop calls the order status an event type leads to, in its own language.
std::string_view status_name(std::string_view event_type, std::string_view language);

}  // namespace herald::demo
