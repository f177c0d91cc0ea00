// What a scenario measured: named figures, latency samples, the load generator's own
// CPU use and the server's RSS; printed as a table and written as JSON (--json).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tether::bench {

// Latency samples in microseconds; percentiles by sorting at the end (runs are
// bounded, so the sample count is too).
class Latencies {
 public:
  void add(std::chrono::nanoseconds sample) { samples_.push_back(static_cast<double>(sample.count()) / 1000.0); }
  void merge(const Latencies& other) { samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end()); }
  std::size_t count() const noexcept { return samples_.size(); }
  double percentile(double p);  // microseconds; 0 when empty
 private:
  std::vector<double> samples_;
  bool sorted_ = false;
};

// CPU time of this process (user + system), to compare with the wall clock.
std::chrono::microseconds process_cpu_time();
// CPU time (user + system) a process has used so far, from /proc/PID/stat. On a shared
// machine the server's throughput per CPU-second is steadier than per wall-second.
std::optional<double> read_cpu_seconds(int pid);
// VmRSS of a process in KiB, or nothing when /proc cannot tell.
std::optional<std::int64_t> read_rss_kib(int pid);

struct Report {
  std::string scenario;
  std::string url;
  std::vector<std::pair<std::string, double>> figures;  // in insertion order
  std::vector<std::string> notes;
  std::uint64_t errors = 0;
  double wall_seconds = 0;
  double cpu_seconds = 0;  // the load generator's own

  void set(const std::string& name, double value);
  void add_latency(const std::string& prefix, Latencies& latencies);
  // Fills cpu_seconds/wall_seconds and adds a note when the generator was the bottleneck.
  void finish(std::chrono::steady_clock::time_point started, std::chrono::microseconds cpu_at_start, unsigned threads);

  std::string table() const;
  std::string json() const;
};

}  // namespace tether::bench
