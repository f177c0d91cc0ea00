// Limits how fast one client address may make HTTP requests of the API (REST, the HTTP
// fallback's POSTs, SSE opens): a token bucket per address. Past it the request is
// answered 429 with Retry-After; a client that waits that long gets through. A WebSocket
// has its own limit per connection (RateLimiter). Thread-safe; the time is passed in.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tether::server {

class RequestThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    double requests_per_second = 50;  // 0 disables the limit
    double burst = 500;               // requests allowed at once after a quiet spell
    std::size_t max_tracked_addresses = 10000;  // bounds memory under a spray of addresses
  };

  explicit RequestThrottle(Options options) : options_(options) {}

  // Zero when the request may go ahead (it spends a token), else how long to wait.
  std::chrono::seconds admit(const std::string& address, Clock::time_point now);

 private:
  struct Bucket {
    double tokens;
    Clock::time_point refilled;
  };
  double tokens_at(const Bucket& bucket, Clock::time_point now) const;

  Options options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace tether::server
