// Slows down token guessing: each client address gets a budget of failed attempts per
// window; past it, a wrong token from that address is answered 429 with Retry-After (not
// 401) until the window ends. A correct token is never refused: it is checked first, so
// that a flood of wrong ones from an address that many users share (a reverse proxy)
// cannot lock them out. What keeps guessing hopeless is the token itself (256 random
// bits by default; at least 16 characters when chosen). Thread-safe; the time is passed in.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tether::server {

class AuthThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  struct Options {
    std::size_t failures_per_window = 20;
    std::chrono::seconds window{60};
    std::size_t max_tracked_addresses = 10000;  // bounds memory under a spray of addresses
  };

  explicit AuthThrottle(Options options) : options_(options) {}

  // How long the address must wait, or zero when it may try.
  std::chrono::seconds blocked_for(const std::string& address, Clock::time_point now);
  void record_failure(const std::string& address, Clock::time_point now);

 private:
  struct Window {
    Clock::time_point started;
    std::size_t failures = 0;
  };

  Options options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace tether::server
