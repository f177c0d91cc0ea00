// The retry schedule: a pure function of the attempt number and one random draw, so it
// can be tested exactly and many clients never retry in lockstep.
#pragma once

#include <chrono>
#include <functional>

namespace tether {

struct BackoffPolicy {
  std::chrono::milliseconds initial{1'000};
  std::chrono::milliseconds max{30'000};
};

// Delay before retry `attempt` (1-based): base = min(initial * 2^(attempt-1), max), spread
// uniformly over [base/2, base] by `unit_random` in [0, 1). The jitter also applies at
// the cap, where lockstep would otherwise be certain.
std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int attempt, double unit_random) noexcept;

// A source of uniform draws in [0, 1); injectable so that tests are deterministic.
using RandomSource = std::function<double()>;
RandomSource default_random_source();

}  // namespace tether
