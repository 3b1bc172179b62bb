#pragma once
// The paths an order takes through the order events, and who the customers are.
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "demo/demo_catalog.h"

namespace herald::demo {

// How a customer's mailbox and phone answer, decided once per customer.
enum class MailboxKind { good, unknown, full, blocked, complainer };
enum class PhoneKind { good, unreachable, none };

struct Customer {
  std::string id, name, email, phone, locale, tag;
  MailboxKind mailbox = MailboxKind::good;
  PhoneKind phone_kind = PhoneKind::good;
};

std::vector<Customer> make_customers(const DemoShop& shop, int count, std::mt19937& rng);

struct PlannedEvent {
  TimeMs at = 0;
  int customer = 0;        // index into the customers
  std::int64_t order = 0;  // order number
  std::string_view type;
  int step = 0;  // position in the order's journey (makes event ids unique)
  std::uint32_t total = 0;
  bool cod = false;
};

// Orders placed between `from` and `to`, each following a journey; events after `to` are not
// produced (those orders are still under way). Sorted by time.
std::vector<PlannedEvent> plan_orders(int orders, int customers, TimeMs from, TimeMs to,
                                      std::int64_t first_order, std::mt19937& rng);

}  // namespace herald::demo
