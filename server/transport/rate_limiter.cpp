#include "server/transport/rate_limiter.hpp"

#include <algorithm>

namespace tether::server {

RateLimiter::RateLimiter(Options options, Clock::time_point now)
    : options_(options), tokens_(options.burst), last_(now) {}

RateLimiter::Verdict RateLimiter::on_message(Clock::time_point now) {
  if (options_.messages_per_second <= 0) return Verdict::allow;
  const std::chrono::duration<double> elapsed = now - last_;
  last_ = now;
  tokens_ = std::min(options_.burst, tokens_ + elapsed.count() * options_.messages_per_second);
  if (rejects_ > 0 && now - last_reject_ >= options_.quiet_that_forgives) rejects_ = 0;
  if (tokens_ >= 1) {
    tokens_ -= 1;
    return Verdict::allow;
  }
  last_reject_ = now;
  return ++rejects_ >= options_.rejects_before_close ? Verdict::disconnect : Verdict::reject;
}

}  // namespace tether::server
