// What the depth limit costs on the ingest path: a typical order event parsed with
// json::parse (no limit), herald::read_json (the SAX wrapper Herald uses) and json::parse
// with a depth-checking parser callback (the alternative). Prints ns per parse for each round.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "common/json_read.h"

using nlohmann::json;

namespace {
const std::string kEvent = R"({"id":"evt-000123","type":"ORDER_SHIPPED",
 "occurred_at":"2026-11-23T10:00:00Z",
 "order":{"id":"FY-123456","number":"123456","total":1299.5,"currency":"NOK","payment":"card",
  "lines":[{"sku":"A-1","name":"Sko","qty":1,"price":999},
           {"sku":"B-2","name":"Sokker","qty":2,"price":150}],
  "shipping":{"carrier":"posten","tracking":"70701234567890",
              "address":{"street":"Storgata 1","zip":"0155","city":"Oslo","country":"NO"}}},
 "customer":{"id":"C-42","name":"Sara Nordmann","email":"sara@example.no",
             "phone":"+4791234567","locale":"nb-NO","tags":["vip","newsletter"]},
 "data":{"pickup_point":{"name":"Kiwi Grünerløkka","hours":"07-23"},"eta":"2026-11-25"}})";

template <class F>
void run(const char* name, F parse, int n) {
  std::size_t sink = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) sink += parse().size();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%-26s %8.0f ns/parse (%zu)\n", name, s / n * 1e9, sink);
}
}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 7;
  for (int round = 0; round < rounds; ++round) {
    run(
        "json::parse", [] { return json::parse(kEvent, nullptr, false); }, n);
    run(
        "herald::read_json", [] { return herald::read_json(kEvent); }, n);
    run(
        "json::parse+callback",
        [] {
          return json::parse(
              kEvent,
              [](int depth, json::parse_event_t, json&) { return depth <= herald::kMaxJsonDepth; },
              false);
        },
        n);
  }
}
