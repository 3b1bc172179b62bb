#pragma once
// Time is injected so that retries, backoff and expiry are tested without sleeping.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace herald {

// Milliseconds since the Unix epoch, UTC.
using TimeMs = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs now_ms() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimeMs start) : now_(start) {}
  TimeMs now_ms() const override { return now_; }
  void advance_ms(TimeMs ms) { now_ += ms; }
  void set(TimeMs t) { now_ = t; }

 private:
  TimeMs now_;
};

// RFC 3339 with milliseconds and a Z suffix, e.g. 2026-11-20T10:00:00.000Z.
std::string format_rfc3339(TimeMs t);
// Accepts RFC 3339 with optional fraction and a Z or ±hh:mm offset; also a bare date (UTC
// midnight).
std::optional<TimeMs> parse_rfc3339(const std::string& text);

// How far past the server's clock a client may date something that happened: shop clocks
// drift and offsets get mislabelled, but a status dated years ahead would stay current until
// then, outranking every real change.
inline constexpr TimeMs kMaxAheadOfClockMs = 24 * 60 * 60 * 1000;

// When a client says something happened (an event's occurred_at, a status change's at):
// RFC 3339, no more than kMaxAheadOfClockMs after `now`. Throws bad_request naming `field`.
TimeMs parse_happened_at(const std::string& text, const std::string& field, TimeMs now);

}  // namespace herald
