#include "bench/tether_bench/report.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>

namespace tether::bench {

double Latencies::percentile(double p) {
  if (samples_.empty()) return 0;
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(samples_.size())));
  return samples_[std::min(samples_.size() - 1, rank == 0 ? 0 : rank - 1)];
}

std::chrono::microseconds process_cpu_time() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto micros = [](const timeval& t) { return std::int64_t{t.tv_sec} * 1'000'000 + t.tv_usec; };
  return std::chrono::microseconds(micros(usage.ru_utime) + micros(usage.ru_stime));
}

std::optional<double> read_cpu_seconds(int pid) {
  if (pid <= 0) return std::nullopt;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command (which may hold spaces) start after the last ')'.
  const auto close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  double utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stod(field);
    if (i == 15) stime = std::stod(field);
  }
  const auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return ticks > 0 ? (utime + stime) / ticks : std::optional<double>{};
}

std::optional<std::int64_t> read_rss_kib(int pid) {
  if (pid <= 0) return std::nullopt;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      std::istringstream fields(line.substr(6));
      std::int64_t kib = 0;
      if (fields >> kib) return kib;
    }
  }
  return std::nullopt;
}

void Report::set(const std::string& name, double value) {
  for (auto& [key, existing] : figures) {
    if (key == name) {
      existing = value;
      return;
    }
  }
  figures.emplace_back(name, value);
}

void Report::add_latency(const std::string& prefix, Latencies& latencies) {
  set(prefix + "_samples", static_cast<double>(latencies.count()));
  set(prefix + "_p50_us", latencies.percentile(50));
  set(prefix + "_p99_us", latencies.percentile(99));
  set(prefix + "_p999_us", latencies.percentile(99.9));
}

void Report::finish(std::chrono::steady_clock::time_point started, std::chrono::microseconds cpu_at_start,
                    unsigned threads) {
  wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  cpu_seconds = std::chrono::duration<double>(process_cpu_time() - cpu_at_start).count();
  const double share = wall_seconds > 0 ? cpu_seconds / (wall_seconds * std::max(1u, threads)) : 0;
  set("bench_cpu_share", share);
  if (share > 0.9) {
    notes.push_back("tether-bench used " + std::to_string(static_cast<int>(share * 100)) +
                    "% of its threads' CPU: it may be the bottleneck; give it more threads or a core of its own");
  }
}

std::string Report::table() const {
  std::ostringstream out;
  out << "scenario  " << scenario << "  (" << url << ")\n";
  char line[160];
  for (const auto& [name, value] : figures) {
    std::snprintf(line, sizeof line, "  %-28s %16.2f\n", name.c_str(), value);
    out << line;
  }
  std::snprintf(line, sizeof line, "  %-28s %16llu\n  %-28s %16.2f\n  %-28s %16.2f\n", "errors",
                static_cast<unsigned long long>(errors), "wall_s", wall_seconds, "bench_cpu_s", cpu_seconds);
  out << line;
  for (const auto& note : notes) out << "  warning: " << note << "\n";
  return out.str();
}

std::string Report::json() const {
  boost::json::object object;
  object["scenario"] = scenario;
  object["url"] = url;
  boost::json::object values;
  for (const auto& [name, value] : figures) values[name] = value;
  object["figures"] = std::move(values);
  object["errors"] = errors;
  object["wall_s"] = wall_seconds;
  object["bench_cpu_s"] = cpu_seconds;
  boost::json::array warnings;
  for (const auto& note : notes) warnings.emplace_back(note);
  object["warnings"] = std::move(warnings);
  return boost::json::serialize(object);
}

}  // namespace tether::bench
