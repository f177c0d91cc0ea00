// Limits how fast one connection may send: a token bucket. Over the limit a message is
// rejected (the client gets rate_limited and may resend it later, by the same id); a
// client that keeps pushing past the limit is disconnected (close 1008). Pure logic with
// the time passed in, so its tests need no clock.
#pragma once

#include <chrono>
#include <cstddef>

namespace tether::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    double messages_per_second = 1000;  // 0 disables the limit
    double burst = 2000;                // messages allowed at once after a quiet spell
    // Rejects that end the connection, counted until the client backs off: a flood
    // that still gets a message through now and then (one per refilled token) is a
    // flood all the same.
    std::size_t rejects_before_close = 1000;
    std::chrono::milliseconds quiet_that_forgives{1000};  // no reject for this long
  };

  enum class Verdict { allow, reject, disconnect };

  RateLimiter(Options options, Clock::time_point now);

  Verdict on_message(Clock::time_point now);

 private:
  Options options_;
  double tokens_;
  Clock::time_point last_;
  std::size_t rejects_ = 0;  // since the client last backed off
  Clock::time_point last_reject_;
};

}  // namespace tether::server
