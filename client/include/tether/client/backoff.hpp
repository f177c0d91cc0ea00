// The retry schedule: a pure function of the attempt number and one random draw, so it
// can be tested exactly and many clients never retry in lockstep.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string_view>

namespace tether {

struct BackoffPolicy {
  std::chrono::milliseconds initial{1'000};
  std::chrono::milliseconds max{30'000};
};

// Delay before retry `attempt` (1-based): base = min(initial * 2^(attempt-1), max), spread
// uniformly over [base/2, base] by `unit_random` in [0, 1). The jitter also applies at
// the cap, where lockstep would otherwise be certain.
std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int attempt, double unit_random) noexcept;

// A Retry-After header value (RFC 9110 §10.2.3) in its delay-seconds form, as a delay;
// nullopt when absent, not a whole number of seconds, or an HTTP-date (Tether's server
// sends seconds). Values beyond kMaxRetryAfter are clamped to it: a broken or hostile
// server must not park a client for days.
inline constexpr std::chrono::milliseconds kMaxRetryAfter{10 * 60 * 1000};
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) noexcept;

// The wait before retry `attempt`: the backoff delay, but never less than the server's
// Retry-After (its 503 or 429 names the earliest time worth trying again).
std::chrono::milliseconds retry_delay(const BackoffPolicy& policy, int attempt, double unit_random,
                                      std::optional<std::chrono::milliseconds> retry_after) noexcept;

// A source of uniform draws in [0, 1); injectable so that tests are deterministic.
using RandomSource = std::function<double()>;
RandomSource default_random_source();

}  // namespace tether
