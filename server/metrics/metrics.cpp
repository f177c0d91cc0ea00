#include "server/metrics/metrics.hpp"

#include <fmt/format.h>

#include <iterator>

namespace tether::server::metrics {
namespace {

void family(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

template <class Number>
void sample(std::string& out, std::string_view name, Number value, std::string_view labels = {}) {
  if (labels.empty()) {
    fmt::format_to(std::back_inserter(out), "{} {}\n", name, value);
  } else {
    fmt::format_to(std::back_inserter(out), "{}{{{}}} {}\n", name, labels, value);
  }
}

// A family of one unlabelled sample.
template <class Number>
void single(std::string& out, std::string_view name, std::string_view type, std::string_view help, Number value) {
  family(out, name, type, help);
  sample(out, name, value);
}

}  // namespace

void Histogram::observe(double seconds) noexcept {
  for (std::size_t i = 0; i < kBounds.size(); ++i) {
    if (seconds <= kBounds[i]) buckets_[i].fetch_add(1, std::memory_order_relaxed);
  }
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

Registry& registry() noexcept {
  static Registry instance;
  return instance;
}

std::string render(const Registry& r, const Gauges& g) {
  std::string out;
  family(out, "tether_connections", "gauge", "Open long-lived connections, by transport.");
  sample(out, "tether_connections", g.websocket_connections, "transport=\"websocket\"");
  sample(out, "tether_connections", g.sse_connections, "transport=\"sse\"");
  single(out, "tether_sessions_loaded", "gauge", "Sessions in memory (the others are only on disk).", g.sessions_loaded);
  single(out, "tether_turns_running", "gauge", "Turns under way, over every session.", r.turns_running.value());
  single(out, "tether_claude_processes", "gauge", "Claude Code CLI processes alive.", r.claude_processes.value());
  single(out, "tether_permission_prompts_waiting", "gauge", "Permission prompts waiting for an answer.",
         r.permission_prompts_waiting.value());
  single(out, "tether_events_stored_total", "counter", "Events committed to the store.", r.events_stored.value());
  single(out, "tether_events_delivered_total", "counter", "Events handed to subscribers, one per subscriber.",
         r.events_delivered.value());
  single(out, "tether_replay_bytes_total", "counter", "Bytes of history replayed to joining clients.",
         r.replay_bytes.value());

  family(out, "tether_store_commit_seconds", "histogram", "Time of one store transaction (group commit), fsync included.");
  for (std::size_t i = 0; i < Histogram::kBounds.size(); ++i) {
    sample(out, "tether_store_commit_seconds_bucket", r.store_commit_seconds.bucket(i),
           fmt::format("le=\"{}\"", Histogram::kBounds[i]));
  }
  sample(out, "tether_store_commit_seconds_bucket", r.store_commit_seconds.count(), "le=\"+Inf\"");
  sample(out, "tether_store_commit_seconds_sum", r.store_commit_seconds.sum());
  sample(out, "tether_store_commit_seconds_count", r.store_commit_seconds.count());

  family(out, "tether_refusals_total", "counter", "Requests and connections refused to protect the server.");
  sample(out, "tether_refusals_total", r.refused_wrong_token.value(), "reason=\"wrong_token_throttled\"");
  sample(out, "tether_refusals_total", r.refused_full.value(), "reason=\"connection_limit\"");
  sample(out, "tether_refusals_total", r.refused_flooding.value(), "reason=\"message_rate\"");
  sample(out, "tether_refusals_total", r.refused_requests.value(), "reason=\"request_rate\"");
  family(out, "tether_errors_total", "counter", "Error answers sent to clients, by protocol error code.");
  for (std::size_t i = 0; i < kErrorCodes; ++i) {
    sample(out, "tether_errors_total", r.errors[i].value(),
           fmt::format("code=\"{}\"", protocol::to_string(static_cast<protocol::ErrorCode>(i))));
  }
  return out;
}

}  // namespace tether::server::metrics
