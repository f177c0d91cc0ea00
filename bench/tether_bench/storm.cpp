// storm: clients stream replies while the operator (bench/run.sh) kills and restarts
// the server. Each client reconnects with full-jitter exponential backoff, rejoins with
// the last seq it applied, and must end with every event of the session's final
// history (read back over REST) seen once: zero lost, zero duplicated.
#include "bench/tether_bench/runtime.hpp"
#include "bench/tether_bench/scenarios.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <random>

namespace tether::bench {
namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;
using asio::use_awaitable;
using protocol::MessageType;

namespace {

// Full jitter (a uniform pick below an exponential cap): clients that lost the server
// at the same instant do not come back at the same instant.
constexpr auto kBackoffBase = std::chrono::milliseconds(200);
constexpr auto kBackoffCap = std::chrono::milliseconds(4000);
constexpr std::uint64_t kStreamingAfter = 20;  // events before a session counts as streaming

struct StormClient {
  unsigned index = 0;
  std::string session_id;
  std::string request_id;  // the session's one chat_request (sent by its first client)
  bool sender = false;
  std::int64_t last_seq = 0;
  std::vector<bool> seen;  // by seq
  std::uint64_t events = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t stream_events = 0;
  unsigned outages = 0;
  bool done = false;
  bool counted_streaming = false;
  std::vector<double> resume_seconds;  // per outage: lost -> rejoined
};

struct StormShared {
  const Options* options = nullptr;
  Clock::time_point start;
  Clock::time_point hard_stop;
  unsigned joined = 0;
  unsigned streaming_sessions = 0;
  unsigned sessions = 0;
  bool ready_written = false;
  std::vector<double> retry_offsets;  // seconds since start of every reconnect attempt, as scheduled
  std::mt19937_64 random{std::random_device{}()};
  std::uint64_t errors = 0;
  std::string message;  // the senders' chat_request: the words the echo backend streams back
};

awaitable<void> sleep_for(std::chrono::nanoseconds how_long) {
  asio::steady_timer timer(co_await asio::this_coro::executor, how_long);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
}

// Applies one envelope; true when the client is done (its session's reply finished).
bool apply(StormClient& client, StormShared& shared, const protocol::Envelope& envelope) {
  if (!envelope.seq) return false;
  const auto seq = *envelope.seq;
  if (seq <= client.last_seq) {
    ++client.duplicates;
    return false;
  }
  client.last_seq = seq;
  if (client.seen.size() <= static_cast<std::size_t>(seq)) client.seen.resize(static_cast<std::size_t>(seq) * 2 + 64);
  client.seen[static_cast<std::size_t>(seq)] = true;
  ++client.events;
  if (envelope.type == MessageType::chat_stream) {
    ++client.stream_events;
    if (client.sender && !client.counted_streaming && client.stream_events >= kStreamingAfter) {
      client.counted_streaming = true;
      if (++shared.streaming_sessions == shared.sessions && !shared.options->ready_file.empty() && !shared.ready_written) {
        shared.ready_written = true;
        std::ofstream(shared.options->ready_file) << "streaming\n";
      }
    }
  } else if (envelope.type == MessageType::chat_response) {
    auto response = protocol::chat_response_from_json(envelope.payload);
    if (response && response->request_id == client.request_id) return true;
  }
  return false;
}

// The share of all offsets that fall in the fullest bucket of this width.
double busiest_bucket_share(const std::vector<double>& offsets, double bucket_seconds) {
  std::map<std::int64_t, std::uint64_t> buckets;
  std::uint64_t busiest = 0;
  for (const auto offset : offsets) busiest = std::max(busiest, ++buckets[static_cast<std::int64_t>(offset / bucket_seconds)]);
  return offsets.empty() ? 0 : static_cast<double>(busiest) / static_cast<double>(offsets.size());
}

awaitable<void> storm_client(StormClient& client, StormShared& shared) {
  auto executor = co_await asio::this_coro::executor;
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(seconds(shared.options->connect_timeout_s));
  bool first_join = true;
  unsigned attempt = 0;
  std::optional<Clock::time_point> lost_at;
  while (!client.done && Clock::now() < shared.hard_stop) {
    if (lost_at) {
      const auto cap = std::min<std::int64_t>(kBackoffCap.count(), kBackoffBase.count() << std::min(attempt, 10u));
      std::uniform_int_distribution<std::int64_t> pick(0, cap);
      const std::chrono::milliseconds delay(pick(shared.random));
      // The instant the client chose, not when its timer ran: 5,000 handshakes keep this
      // one-threaded loop busy, and it runs late timers together, which would look like
      // lockstep that no client chose.
      shared.retry_offsets.push_back(std::chrono::duration<double>(Clock::now() + delay - shared.start).count());
      co_await sleep_for(delay);
      ++attempt;
    }
    boost::system::error_code ec;
    auto connection = co_await WsConnection::connect(executor, shared.options->target, timeout, ec);
    if (ec || !connection) {
      if (!lost_at) {  // could not even connect the first time
        lost_at = Clock::now();
        ++client.outages;
      }
      continue;
    }
    const std::string join_id = "j" + std::to_string(client.index) + "-" + std::to_string(attempt);
    const auto join_frame =
        client_frame(MessageType::session_join, protocol::to_json(protocol::SessionJoin{client.session_id, client.last_seq}), join_id);
    co_await connection->send(join_frame, ec);
    bool joined = false;
    while (!ec && !client.done && Clock::now() < shared.hard_stop) {
      const auto text = co_await connection->receive(ec);
      if (ec) break;
      for (const auto part : protocol::split_frame(text)) {
        auto envelope = protocol::decode_envelope(part);
        if (!envelope) {
          ++shared.errors;
          continue;
        }
        if (!joined && envelope->reply_to == join_id) {
          joined = true;
          if (lost_at) {
            client.resume_seconds.push_back(std::chrono::duration<double>(Clock::now() - *lost_at).count());
            lost_at.reset();
            attempt = 0;
          }
          if (first_join) {
            first_join = false;
            ++shared.joined;
            // The first client of a session starts its reply once every client is in.
            if (client.sender) {
              for (int i = 0; i < 3000 && shared.joined < shared.options->connections && Clock::now() < shared.hard_stop; ++i) {
                co_await sleep_for(std::chrono::milliseconds(10));
              }
            }
          }
          if (client.sender) {
            // Sent again after every rejoin until the reply ends: the server dedupes by id.
            const auto request_frame =
                client_frame(MessageType::chat_request,
                             protocol::to_json(protocol::ChatRequest{client.session_id, shared.message, std::nullopt}),
                             client.request_id);
            co_await connection->send(request_frame, ec);
          }
          continue;
        }
        if (apply(client, shared, *envelope)) client.done = true;
      }
    }
    if (client.done) {
      boost::system::error_code ignored;
      co_await connection->close(ignored);
      co_return;
    }
    if (!lost_at) {
      lost_at = Clock::now();
      ++client.outages;
    }
  }
}

// The session's final history over REST: every seq a client must have seen.
awaitable<void> fetch_history(const Options& options, std::string session_id, std::vector<std::int64_t>& seqs,
                              std::uint64_t& errors) {
  auto executor = co_await asio::this_coro::executor;
  std::int64_t after = 0;
  for (int page = 0; page < 1000; ++page) {
    boost::system::error_code ec;
    const std::string path = "/api/sessions/" + session_id + "/events?after=" + std::to_string(after) + "&limit=1000";
    std::string no_body;
    auto result = co_await http_request(executor, options.target, "GET", path, std::move(no_body), ec);
    if (ec || result.status != 200) {
      ++errors;
      co_return;
    }
    auto object = protocol::parse_object(result.body);
    const auto* events = object ? object->if_contains(protocol::field::events) : nullptr;
    if (!events || !events->is_array()) {
      ++errors;
      co_return;
    }
    if (events->as_array().empty()) co_return;
    for (const auto& event : events->as_array()) {
      const auto* seq = event.is_object() ? event.as_object().if_contains(protocol::field::seq) : nullptr;
      if (!seq || !seq->is_int64()) {
        ++errors;
        co_return;
      }
      seqs.push_back(seq->as_int64());
      after = seq->as_int64();
    }
  }
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace

Report run_storm(const Options& options) {
  Report report;
  report.scenario = "storm";
  report.url = options.url;
  const auto started = Clock::now();
  const auto cpu = process_cpu_time();
  asio::io_context io;
  const unsigned session_count = std::max(1u, std::min(options.sessions, options.connections));
  std::vector<std::string> sessions;
  for (unsigned s = 0; s < session_count; ++s) sessions.push_back(ensure_session(io, options, "tether-bench storm"));
  if (!options.session.empty()) sessions.assign(session_count, options.session);

  StormShared shared;
  for (unsigned i = 0; i < options.words; ++i) shared.message += "word ";
  shared.options = &options;
  shared.start = Clock::now();
  shared.hard_stop = shared.start + seconds(options.duration_s);
  shared.sessions = session_count;
  std::vector<StormClient> clients(options.connections);
  for (unsigned i = 0; i < options.connections; ++i) {
    auto& client = clients[i];
    client.index = i;
    client.session_id = sessions[i % session_count];
    client.request_id = "storm-" + client.session_id;
    client.sender = i < session_count;
  }
  for (auto& client : clients) asio::co_spawn(io, storm_client(client, shared), asio::detached);
  run_io(io, 1, shared.hard_stop + std::chrono::seconds(2));

  std::vector<std::vector<std::int64_t>> history(session_count);
  std::uint64_t history_errors = 0;
  for (unsigned s = 0; s < session_count; ++s) {
    asio::co_spawn(io, fetch_history(options, sessions[s], history[s], history_errors), asio::detached);
  }
  run_io(io, 1, Clock::now() + std::chrono::seconds(30));

  std::uint64_t lost = 0, duplicates = 0, events = 0, done = 0, outaged = 0;
  std::vector<double> resumes;
  for (auto& client : clients) {
    const auto& truth = history[client.index % session_count];
    for (const auto seq : truth) {
      if (static_cast<std::size_t>(seq) >= client.seen.size() || !client.seen[static_cast<std::size_t>(seq)]) ++lost;
    }
    duplicates += client.duplicates;
    events += client.events;
    done += client.done ? 1 : 0;
    outaged += client.outages > 0 ? 1 : 0;
    resumes.insert(resumes.end(), client.resume_seconds.begin(), client.resume_seconds.end());
  }
  report.set("clients", options.connections);
  report.set("sessions", session_count);
  report.set("clients_finished", static_cast<double>(done));
  report.set("clients_that_lost_the_server", static_cast<double>(outaged));
  report.set("events_received", static_cast<double>(events));
  report.set("lost_events", static_cast<double>(lost));
  report.set("duplicated_events", static_cast<double>(duplicates));
  report.set("resume_p50_s", percentile(resumes, 50));
  report.set("resume_p99_s", percentile(resumes, 99));
  report.set("resume_max_s", percentile(resumes, 100));
  const auto within = std::count_if(resumes.begin(), resumes.end(), [](double s) { return s <= 15.0; });
  report.set("resumed_within_15s_share", resumes.empty() ? 0 : static_cast<double>(within) / static_cast<double>(resumes.size()));
  report.set("reconnect_attempts", static_cast<double>(shared.retry_offsets.size()));
  if (!shared.retry_offsets.empty()) {
    const auto& offsets = shared.retry_offsets;
    const double mean = std::accumulate(offsets.begin(), offsets.end(), 0.0) / static_cast<double>(offsets.size());
    double variance = 0;
    for (const auto offset : offsets) variance += (offset - mean) * (offset - mean);
    report.set("retry_spread_stddev_ms", std::sqrt(variance / static_cast<double>(offsets.size())) * 1000);
    // Lockstep shows as many attempts in one instant. At 10 ms, full jitter over the
    // first 200 ms window puts ~5% of that wave in a bucket; a fixed delay puts the
    // whole wave in one. At 100 ms, half of a jittered first wave shares a bucket too,
    // so that figure grows as the server comes back faster (fewer later retries).
    report.set("retry_busiest_10ms_share", busiest_bucket_share(offsets, 0.010));
    report.set("retry_busiest_100ms_share", busiest_bucket_share(offsets, 0.100));
  }
  if (outaged == 0) report.notes.push_back("no client lost the server: was it restarted during the run?");
  report.errors += shared.errors + history_errors + lost + duplicates + (options.connections - done);
  report.finish(started, cpu, 1);
  return report;
}

}  // namespace tether::bench
