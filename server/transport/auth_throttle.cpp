#include "server/transport/auth_throttle.hpp"

#include <algorithm>

namespace tether::server {

std::chrono::seconds AuthThrottle::blocked_for(const std::string& address, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto it = windows_.find(address);
  if (it == windows_.end()) return std::chrono::seconds(0);
  const auto ends = it->second.started + options_.window;
  if (now >= ends) {
    windows_.erase(it);
    return std::chrono::seconds(0);
  }
  if (it->second.failures < options_.failures_per_window) return std::chrono::seconds(0);
  return std::max(std::chrono::seconds(1), std::chrono::ceil<std::chrono::seconds>(ends - now));
}

void AuthThrottle::record_failure(const std::string& address, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (windows_.size() >= options_.max_tracked_addresses) {
    std::erase_if(windows_, [&](const auto& entry) { return now >= entry.second.started + options_.window; });
    // Still full: a spray of addresses. Start over rather than grow without bound.
    if (windows_.size() >= options_.max_tracked_addresses) windows_.clear();
  }
  auto [it, inserted] = windows_.try_emplace(address, Window{now, 0});
  if (now >= it->second.started + options_.window) it->second = Window{now, 0};
  ++it->second.failures;
}

}  // namespace tether::server
