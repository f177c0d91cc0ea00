// The retry schedule (see backoff.hpp) and the default random source.
#include "tether/client/backoff.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <random>

namespace tether {

std::chrono::milliseconds backoff_delay(const BackoffPolicy& policy, int attempt, double unit_random) noexcept {
  const auto initial = std::max<std::int64_t>(policy.initial.count(), 0);
  const auto cap = std::max<std::int64_t>(policy.max.count(), initial);
  // Doubling stops at the cap before it can overflow, whatever the attempt number.
  std::int64_t base = initial;
  for (int i = 1; i < attempt && base < cap; ++i) base *= 2;
  base = std::min(base, cap);
  const double r = std::clamp(unit_random, 0.0, 1.0);
  const auto half = base / 2;
  return std::chrono::milliseconds(half + static_cast<std::int64_t>(r * static_cast<double>(base - half)));
}

std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value) noexcept {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  std::int64_t seconds = 0;
  const std::int64_t cap = kMaxRetryAfter.count() / 1000;
  for (const char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = std::min(cap, seconds * 10 + (c - '0'));  // clamped as it goes: no overflow
  }
  return std::chrono::milliseconds(seconds * 1000);
}

std::chrono::milliseconds retry_delay(const BackoffPolicy& policy, int attempt, double unit_random,
                                      std::optional<std::chrono::milliseconds> retry_after) noexcept {
  const auto delay = backoff_delay(policy, attempt, unit_random);
  if (!retry_after) return delay;
  return std::max(delay, std::clamp(*retry_after, std::chrono::milliseconds(0), kMaxRetryAfter));
}

RandomSource default_random_source() {
  // One engine per source, seeded from the OS; the mutex makes a shared source safe.
  struct State {
    std::mutex mutex;
    std::mt19937_64 engine{std::random_device{}()};
    std::uniform_real_distribution<double> unit{0.0, 1.0};
  };
  auto state = std::make_shared<State>();
  return [state] {
    std::lock_guard lock(state->mutex);
    return state->unit(state->engine);
  };
}

}  // namespace tether
