// What GET /metrics exposes, in the Prometheus text format (0.0.4). The server's parts
// add to these as things happen (lock-free atomics, nothing on a hot path waits); the
// gauges that are cheaper to read than to maintain (connections, loaded sessions) are
// read when scraped. One registry per process, like every Prometheus client's default.
#pragma once

#include "tether/protocol/errors.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace tether::server::metrics {

class Counter {
 public:
  void add(std::uint64_t n = 1) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Gauge {
 public:
  void add(std::int64_t n) noexcept { value_.fetch_add(n, std::memory_order_relaxed); }
  std::int64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Durations in seconds, in fixed buckets (from 0.5 ms to 10 s: a commit's range).
class Histogram {
 public:
  static constexpr std::array<double, 12> kBounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                  0.05,   0.1,   0.25,   0.5,   1,    10};
  void observe(double seconds) noexcept;
  // Cumulative count of observations <= kBounds[i]; the total count; the sum.
  std::uint64_t bucket(std::size_t i) const noexcept { return buckets_[i].load(std::memory_order_relaxed); }
  std::uint64_t count() const noexcept { return count_.load(std::memory_order_relaxed); }
  double sum() const noexcept { return static_cast<double>(sum_us_.load(std::memory_order_relaxed)) / 1e6; }

 private:
  std::array<std::atomic<std::uint64_t>, kBounds.size()> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_us_{0};
};

inline constexpr std::size_t kErrorCodes = static_cast<std::size_t>(protocol::ErrorCode::internal) + 1;

struct Registry {
  Counter events_stored;        // events committed to the store
  Counter events_delivered;     // events handed to subscribers (one per subscriber)
  Counter replay_bytes;         // bytes of joins' replays
  Histogram store_commit_seconds;
  Gauge turns_running;          // turns under way, in every session
  Gauge claude_processes;       // Claude Code CLI processes alive (started, not yet reaped)
  Gauge permission_prompts_waiting;
  Counter refused_wrong_token;  // 429: too many wrong tokens from an address
  Counter refused_full;         // 503: past --max-connections
  Counter refused_flooding;     // 1008: a connection past its message rate
  Counter refused_requests;     // 429: an address past its HTTP request rate
  std::array<Counter, kErrorCodes> errors;  // error answers sent, by protocol code

  void error(protocol::ErrorCode code) noexcept { errors[static_cast<std::size_t>(code)].add(); }
};

Registry& registry() noexcept;

// Read at scrape time.
struct Gauges {
  std::size_t websocket_connections = 0;
  std::size_t sse_connections = 0;
  std::size_t sessions_loaded = 0;
};

// The whole exposition, HELP and TYPE lines included.
std::string render(const Registry& registry, const Gauges& gauges);

}  // namespace tether::server::metrics
