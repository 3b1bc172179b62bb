#include "demo/demo_journeys.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace herald::demo {

namespace {
constexpr TimeMs kHour = 3600 * 1000;

std::string ascii_lower(const std::string& s) {
  std::string out;
  for (unsigned char c : s)  // "João" -> "joo": plain ASCII is enough for a demo address
    if (c < 0x80) out += static_cast<char>(std::tolower(c));
  return out;
}

MailboxKind pick_mailbox(std::mt19937& rng) {
  const int r = static_cast<int>(rng() % 1000);
  if (r < 30) return MailboxKind::unknown;
  if (r < 60) return MailboxKind::full;
  if (r < 75) return MailboxKind::blocked;
  if (r < 95) return MailboxKind::complainer;
  return MailboxKind::good;
}

struct Journey {
  int weight;
  std::vector<std::string_view> steps;
};

const std::vector<Journey>& journeys() {
  static const std::vector<Journey> j{
      {58,
       {"ORDER_PLACED", "BAG_CONFIRMED", "BAG_PICKED", "DELIVERY_PARTNER_ASSIGNED",
        "OUT_FOR_DELIVERY", "DELIVERY_DONE"}},
      {10, {"ORDER_PLACED", "BAG_CONFIRMED", "BAG_PICKED", "OUT_FOR_PICKUP", "DELIVERY_DONE"}},
      {8, {"ORDER_PLACED", "CUSTOMER_CANCELLED", "REFUND_INITIATED", "REFUND_COMPLETED"}},
      {4,
       {"ORDER_PLACED", "BAG_CONFIRMED", "FYND_CANCELLED", "REFUND_INITIATED", "REFUND_COMPLETED"}},
      {12,
       {"ORDER_PLACED", "BAG_CONFIRMED", "BAG_PICKED", "DELIVERY_PARTNER_ASSIGNED",
        "OUT_FOR_DELIVERY", "DELIVERY_DONE", "BAG_RETURN_INITIATED", "RETURN_APPROVED",
        "RETURN_BAG_IN_TRANSIT", "REFUND_INITIATED", "REFUND_COMPLETED"}},
      {8,
       {"ORDER_PLACED", "BAG_CONFIRMED", "BAG_PICKED", "DELIVERY_PARTNER_ASSIGNED",
        "OUT_FOR_DELIVERY", "RTO_BAG_IN_TRANSIT", "RTO_BAG_APPROVED", "REFUND_INITIATED",
        "REFUND_COMPLETED"}},
  };
  return j;
}

const Journey& pick_journey(std::mt19937& rng) {
  int total = 0;
  for (const auto& j : journeys()) total += j.weight;
  int r = static_cast<int>(rng() % static_cast<unsigned>(total));
  for (const auto& j : journeys()) {
    if (r < j.weight) return j;
    r -= j.weight;
  }
  return journeys().front();
}
}  // namespace

std::vector<Customer> make_customers(const DemoShop& shop, int count, std::mt19937& rng) {
  static constexpr std::array<const char*, 4> kMailDomains{"mail.example", "post.example",
                                                           "inbox.example", "webmail.example"};
  std::vector<Customer> out;
  out.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    Customer c;
    c.id = "C-" + std::to_string(10000 + i);
    c.name = shop.first_names[rng() % shop.first_names.size()];
    c.locale = shop.locales[rng() % shop.locales.size()];
    c.mailbox = pick_mailbox(rng);
    c.email = ascii_lower(c.name) + "." + std::to_string(10000 + i) + "@" +
              kMailDomains[rng() % kMailDomains.size()];
    const int p = static_cast<int>(rng() % 100);
    c.phone_kind = p < 8 ? PhoneKind::none : (p < 12 ? PhoneKind::unreachable : PhoneKind::good);
    if (c.phone_kind != PhoneKind::none) {
      std::string digits = std::to_string(rng());
      while (static_cast<int>(digits.size()) < shop.phone_digits) digits += std::to_string(rng());
      c.phone = shop.phone_prefix + digits.substr(0, static_cast<size_t>(shop.phone_digits));
    }
    c.tag = rng() % 10 == 0 ? "vip" : (rng() % 4 == 0 ? "new" : "regular");
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<PlannedEvent> plan_orders(int orders, int customers, TimeMs from, TimeMs to,
                                      std::int64_t first_order, std::mt19937& rng) {
  std::vector<PlannedEvent> out;
  const auto span = static_cast<std::uint64_t>(std::max<TimeMs>(to - from, 1));
  for (int i = 0; i < orders; ++i) {
    const Journey& journey = pick_journey(rng);
    TimeMs at =
        from + static_cast<TimeMs>((static_cast<std::uint64_t>(rng()) << 20 ^ rng()) % span);
    const int customer = static_cast<int>(rng() % static_cast<unsigned>(customers));
    const std::uint32_t total = 99 + rng() % 4000;
    const bool cod = rng() % 5 == 0;
    for (size_t s = 0; s < journey.steps.size(); ++s) {
      if (at > to) break;
      out.push_back(
          {at, customer, first_order + i, journey.steps[s], static_cast<int>(s), total, cod});
      at += kHour / 4 + static_cast<TimeMs>(rng() % static_cast<unsigned>(20 * kHour));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const PlannedEvent& a, const PlannedEvent& b) { return a.at < b.at; });
  return out;
}

}  // namespace herald::demo
