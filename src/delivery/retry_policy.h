#pragma once
#include <algorithm>

#include "common/clock.h"

namespace herald::delivery {

// Capped exponential backoff: initial, 2×initial, 4×initial, ... never more than max.
struct RetryPolicy {
  int initial_seconds = 60;
  int max_seconds = 3600;
  int max_attempts = 10;

  // `attempts` counts the attempts made so far, including the one that just failed.
  TimeMs delay_ms(int attempts) const {
    double delay = initial_seconds;
    for (int i = 1; i < attempts && delay < max_seconds; ++i) delay *= 2;
    return static_cast<TimeMs>(std::min<double>(delay, max_seconds) * 1000);
  }
};

}  // namespace herald::delivery
