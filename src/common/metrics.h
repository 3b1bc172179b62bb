#pragma once
// In-process counters and histograms, exposed as Prometheus text by GET /metrics.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace herald {

class Histogram {
 public:
  static constexpr std::array<double, 12> kBounds{0.001, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                  0.25,  0.5,   1,    2.5,   5,    10};
  void observe(double seconds);
  // Appends the _bucket/_sum/_count lines of `name` with optional extra labels ("a=\"b\"").
  void render(std::string& out, const std::string& name, const std::string& labels) const;

 private:
  std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};
};

struct Metrics {
  std::atomic<std::uint64_t> events_received{0};
  std::atomic<std::uint64_t> events_duplicate{0};
  std::atomic<std::uint64_t> events_rejected{0};
  std::atomic<std::uint64_t> http_requests{0};
  Histogram email_send_seconds;
  Histogram sms_send_seconds;
};

}  // namespace herald
