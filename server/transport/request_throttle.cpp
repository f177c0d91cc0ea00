#include "server/transport/request_throttle.hpp"

#include <algorithm>
#include <cmath>

namespace tether::server {

double RequestThrottle::tokens_at(const Bucket& bucket, Clock::time_point now) const {
  const std::chrono::duration<double> elapsed = now - bucket.refilled;
  return std::min(options_.burst, bucket.tokens + std::max(0.0, elapsed.count()) * options_.requests_per_second);
}

std::chrono::seconds RequestThrottle::admit(const std::string& address, Clock::time_point now) {
  if (options_.requests_per_second <= 0) return std::chrono::seconds(0);
  std::lock_guard lock(mutex_);
  if (buckets_.size() >= options_.max_tracked_addresses && !buckets_.contains(address)) {
    // A full bucket says nothing a new one would not: forget those first.
    std::erase_if(buckets_, [&](const auto& entry) { return tokens_at(entry.second, now) >= options_.burst; });
    // Still full: a spray of addresses. Start over rather than grow without bound.
    if (buckets_.size() >= options_.max_tracked_addresses) buckets_.clear();
  }
  auto [it, inserted] = buckets_.try_emplace(address, Bucket{options_.burst, now});
  auto& bucket = it->second;
  bucket.tokens = tokens_at(bucket, now);
  bucket.refilled = std::max(bucket.refilled, now);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return std::chrono::seconds(0);
  }
  const double wait = (1 - bucket.tokens) / options_.requests_per_second;
  return std::chrono::seconds(std::max<long>(1, static_cast<long>(std::ceil(wait))));
}

}  // namespace tether::server
