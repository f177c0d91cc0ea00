// pingpong (and latency), soak, connections and push. Each connection is one coroutine
// that reads whole frames, splits them into envelopes (a server may batch several per
// frame, docs/protocol.md §2) and decodes them with the protocol module.
#include "bench/tether_bench/scenarios.hpp"

#include "bench/tether_bench/event_scan.hpp"
#include "bench/tether_bench/runtime.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <deque>
#include <limits>

namespace tether::bench {
namespace asio = boost::asio;
namespace json = boost::json;
using asio::awaitable;
using asio::use_awaitable;
using protocol::MessageType;

namespace {

struct PingStats {
  std::uint64_t all_pongs = 0;  // warm-up included: for the per-CPU-second figure
  std::uint64_t pongs = 0;
  std::uint64_t errors = 0;
  Latencies latencies;
};

struct PingPlan {
  Clock::time_point measure_from;
  Clock::time_point measure_until;
  Clock::time_point hard_stop;
  unsigned depth = 1;
  std::chrono::nanoseconds interval{0};  // soak: time between pings; 0 = as fast as pongs come
};

// One connection's ping loop: `depth` pings outstanding; each pong is answered with a
// new ping until measure_until. Pongs come back in order on one connection.
awaitable<void> ping_loop(WsConnection& connection, unsigned index, PingPlan plan, PingStats& stats) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer pace(executor);
  std::deque<std::pair<std::string, Clock::time_point>> pending;
  const std::string prefix = "p" + std::to_string(index) + "-";
  std::uint64_t counter = 0;
  boost::system::error_code ec;
  for (unsigned i = 0; i < plan.depth && !ec; ++i) {
    std::string id = prefix + std::to_string(++counter);
    const auto frame = client_frame(MessageType::ping, {}, id);
    pending.emplace_back(std::move(id), Clock::now());
    co_await connection.send(frame, ec);
  }
  while (!ec && !pending.empty() && Clock::now() < plan.hard_stop) {
    const auto text = co_await connection.receive(ec);
    if (ec) break;
    unsigned answered = 0;
    for (const auto part : protocol::split_frame(text)) {
      auto envelope = protocol::decode_envelope(part);
      if (!envelope) {
        ++stats.errors;
        continue;
      }
      if (envelope->type == MessageType::error && !pending.empty() && envelope->reply_to == pending.front().first) {
        // Refused (e.g. rate_limited): count it and keep the pipeline full.
        ++stats.errors;
        pending.pop_front();
        if (Clock::now() < plan.measure_until) ++answered;
        continue;
      }
      if (envelope->type != MessageType::pong) continue;  // connection_status and the like
      if (pending.empty() || envelope->reply_to != pending.front().first) {
        ++stats.errors;
        continue;
      }
      const auto now = Clock::now();
      if (now >= plan.measure_from && now < plan.measure_until) {
        ++stats.pongs;
        stats.latencies.add(now - pending.front().second);
      }
      pending.pop_front();
      ++stats.all_pongs;
      if (now < plan.measure_until) ++answered;
    }
    for (unsigned i = 0; i < answered && !ec; ++i) {
      if (plan.interval.count() > 0) {
        pace.expires_after(plan.interval);
        co_await pace.async_wait(asio::redirect_error(use_awaitable, ec));
        if (ec) break;
      }
      std::string id = prefix + std::to_string(++counter);
      const auto frame = client_frame(MessageType::ping, {}, id);
      pending.emplace_back(std::move(id), Clock::now());
      co_await connection.send(frame, ec);
    }
  }
  if (ec || !pending.empty()) ++stats.errors;
}

awaitable<void> sample_rss(int pid, Clock::time_point until, std::vector<std::int64_t>& samples) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (Clock::now() < until) {
    if (auto rss = read_rss_kib(pid)) samples.push_back(*rss);
    timer.expires_after(std::chrono::seconds(1));
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
  }
}

void close_all(asio::io_context& io, std::vector<std::unique_ptr<WsConnection>>& connections) {
  for (auto& connection : connections) {
    if (connection) connection->abort();
  }
  run_io(io, 1, Clock::now() + std::chrono::seconds(2));
  connections.clear();
}

Report ping_scenario(const Options& options, const std::string& name, PingPlan plan) {
  Report report;
  report.scenario = name;
  report.url = options.url;
  const auto started = Clock::now();
  const auto cpu = process_cpu_time();
  asio::io_context io;
  Latencies handshake;
  auto connections = connect_all(io, options, options.connections, handshake, report.errors);
  report.set("connections", static_cast<double>(options.connections - report.errors));
  report.add_latency("handshake", handshake);

  std::vector<PingStats> stats(connections.size());
  std::vector<std::int64_t> rss;
  const auto begin = Clock::now();
  plan.measure_from = begin + seconds(options.warmup_s);
  plan.measure_until = plan.measure_from + seconds(options.duration_s);
  plan.hard_stop = plan.measure_until + std::chrono::seconds(5);
  for (std::size_t i = 0; i < connections.size(); ++i) {
    if (connections[i]) {
      asio::co_spawn(connections[i]->executor(), ping_loop(*connections[i], static_cast<unsigned>(i), plan, stats[i]),
                     asio::detached);
    }
  }
  if (options.server_pid > 0) asio::co_spawn(io, sample_rss(options.server_pid, plan.measure_until, rss), asio::detached);
  const auto server_cpu_before = read_cpu_seconds(options.server_pid);
  run_io(io, options.threads, plan.hard_stop + std::chrono::seconds(1));
  const auto server_cpu_after = read_cpu_seconds(options.server_pid);

  Latencies all;
  std::uint64_t pongs = 0, all_pongs = 0;
  for (auto& s : stats) {
    pongs += s.pongs;
    all_pongs += s.all_pongs;
    report.errors += s.errors;
    all.merge(s.latencies);
  }
  report.set("messages_per_s", static_cast<double>(pongs) / options.duration_s);
  report.add_latency("rtt", all);
  if (server_cpu_before && server_cpu_after && *server_cpu_after > *server_cpu_before) {
    const double cpu = *server_cpu_after - *server_cpu_before;
    report.set("server_cpu_s", cpu);
    report.set("messages_per_server_cpu_s", static_cast<double>(all_pongs) / cpu);
  }
  if (!rss.empty()) {
    report.set("server_rss_first_kib", static_cast<double>(rss.front()));
    report.set("server_rss_last_kib", static_cast<double>(rss.back()));
    report.set("server_rss_max_kib", static_cast<double>(*std::max_element(rss.begin(), rss.end())));
  }
  close_all(io, connections);
  report.finish(started, cpu, options.threads);
  return report;
}

}  // namespace

Report run_pingpong(const Options& options) {
  PingPlan plan;
  plan.depth = std::max(1u, options.in_flight);
  return ping_scenario(options, "pingpong", plan);
}

Report run_soak(const Options& options) {
  PingPlan plan;
  plan.depth = 1;
  plan.interval = options.rate > 0 ? seconds(1.0 / options.rate) : std::chrono::nanoseconds(std::chrono::seconds(1));
  Options soak = options;
  soak.warmup_s = 0;
  return ping_scenario(soak, "soak", plan);
}

// ---- connections: memory of idle, authenticated connections ----

namespace {
awaitable<void> one_ping(WsConnection& connection, unsigned index, std::uint64_t& errors, unsigned& live) {
  boost::system::error_code ec;
  const std::string id = "c" + std::to_string(index);
  const auto frame = client_frame(MessageType::ping, {}, id);
  co_await connection.send(frame, ec);
  for (int frames = 0; !ec && frames < 8; ++frames) {  // connection_status may come first
    const auto text = co_await connection.receive(ec);
    if (ec) break;
    for (const auto part : protocol::split_frame(text)) {
      auto envelope = protocol::decode_envelope(part);
      if (envelope && envelope->type == MessageType::pong && envelope->reply_to == id) {
        ++live;
        co_return;
      }
    }
  }
  ++errors;
}

awaitable<void> pause(std::chrono::nanoseconds how_long) {
  asio::steady_timer timer(co_await asio::this_coro::executor, how_long);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
}
}  // namespace

Report run_connections(const Options& options) {
  Report report;
  report.scenario = "connections";
  report.url = options.url;
  const auto started = Clock::now();
  const auto cpu = process_cpu_time();
  const auto rss_empty = read_rss_kib(options.server_pid);
  asio::io_context io;
  Latencies handshake;
  const auto connect_start = Clock::now();
  auto connections = connect_all(io, options, options.connections, handshake, report.errors);
  const double connect_s = std::chrono::duration<double>(Clock::now() - connect_start).count();
  report.add_latency("handshake", handshake);
  report.set("connect_per_s", static_cast<double>(handshake.count()) / std::max(connect_s, 1e-9));

  // Authenticated and answering: one ping each (single-threaded: `live` is plain).
  unsigned live = 0;
  for (std::size_t i = 0; i < connections.size(); ++i) {
    if (connections[i]) asio::co_spawn(io, one_ping(*connections[i], static_cast<unsigned>(i), report.errors, live), asio::detached);
  }
  run_io(io, 1, Clock::now() + std::chrono::seconds(30));
  report.set("connections_live", live);

  // Let the server settle (lazy frees, timers), then hold them idle.
  asio::co_spawn(io, pause(std::chrono::seconds(1)), asio::detached);
  run_io(io, 1, Clock::now() + std::chrono::seconds(3));
  const auto rss_loaded = read_rss_kib(options.server_pid);
  asio::co_spawn(io, pause(seconds(options.duration_s)), asio::detached);
  run_io(io, 1, Clock::now() + seconds(options.duration_s + 2));
  const auto rss_held = read_rss_kib(options.server_pid);
  if (rss_empty && rss_loaded && rss_held && live > 0) {
    report.set("server_rss_empty_kib", static_cast<double>(*rss_empty));
    report.set("server_rss_loaded_kib", static_cast<double>(*rss_loaded));
    report.set("server_rss_held_kib", static_cast<double>(*rss_held));
    report.set("kib_per_connection", static_cast<double>(std::max(*rss_loaded, *rss_held) - *rss_empty) / live);
  } else if (options.server_pid <= 0) {
    report.notes.push_back("no --server-pid: server memory not measured");
  }
  close_all(io, connections);
  report.finish(started, cpu, 1);
  return report;
}

// ---- push: one session, many tabs, one long streamed reply ----

namespace {

struct TabStats {
  std::uint64_t events = 0;   // chat_stream of our request
  std::uint64_t bytes = 0;    // their envelope bytes
  std::uint64_t frames = 0;   // WebSocket frames that carried at least one of them
  std::uint64_t errors = 0;
  bool complete = false;
  Clock::time_point first{};
  Clock::time_point last{};
  std::int64_t last_seq = 0;
};

// refusal: the server's error when it refuses the join (an unknown --session).
awaitable<void> join(WsConnection& connection, std::string session_id, unsigned index, std::atomic<unsigned>& joined,
                     std::uint64_t& errors, std::string& refusal) {
  boost::system::error_code ec;
  const std::string id = "j" + std::to_string(index);
  const auto frame = client_frame(MessageType::session_join, protocol::to_json(protocol::SessionJoin{session_id, 0}), id);
  co_await connection.send(frame, ec);
  for (int frames = 0; !ec && frames < 100000; ++frames) {  // the replay of an old session comes first
    const auto text = co_await connection.receive(ec);
    if (ec) break;
    for (const auto part : protocol::split_frame(text)) {
      auto envelope = protocol::decode_envelope(part);
      if (envelope && envelope->reply_to == id) {
        if (envelope->type == MessageType::error) {
          const auto error = protocol::error_from_json(envelope->payload);
          refusal = std::string(protocol::to_string(error.code)) + ": " + error.message;
          ++errors;
          co_return;
        }
        ++joined;
        co_return;
      }
    }
  }
  ++errors;
}

awaitable<void> read_stream(WsConnection& connection, const StreamEventScanner& scanner, std::string request_id,
                            Clock::time_point hard_stop, TabStats& tab) {
  boost::system::error_code ec;
  while (!tab.complete && Clock::now() < hard_stop) {
    const auto text = co_await connection.receive(ec);
    if (ec) {
      ++tab.errors;
      co_return;
    }
    const auto now = Clock::now();
    bool counted = false;
    auto count = [&](std::optional<std::int64_t> seq, bool is_complete, std::size_t bytes) {
      if (!seq || *seq <= tab.last_seq) ++tab.errors;  // order or duplicate
      if (seq) tab.last_seq = *seq;
      if (tab.events == 0) tab.first = now;
      tab.last = now;
      ++tab.events;
      tab.bytes += bytes;
      counted = true;
      if (is_complete) tab.complete = true;
    };
    for (auto rest = text; !rest.empty();) {
      if (const auto scanned = scanner.scan(rest)) {
        count(scanned->seq, scanned->is_complete, scanned->size);
        rest.remove_prefix(std::min(rest.size(), scanned->size + 1));  // and its newline
        continue;
      }
      const auto newline = rest.find('\n');
      const auto line = rest.substr(0, newline);
      rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
      for (const auto part : protocol::split_frame(line)) {  // an empty line, a trailing '\r'
        auto envelope = protocol::decode_envelope(part);
        if (!envelope) {
          ++tab.errors;
          continue;
        }
        if (envelope->type == MessageType::chat_stream) {
          auto stream = protocol::chat_stream_from_json(envelope->payload);
          if (stream && stream->request_id == request_id) count(envelope->seq, stream->is_complete, part.size());
        } else if (envelope->type == MessageType::chat_response) {
          auto response = protocol::chat_response_from_json(envelope->payload);
          if (response && response->request_id == request_id) tab.complete = true;
        }
      }
    }
    if (counted) ++tab.frames;
  }
}

awaitable<void> send_request(WsConnection& connection, std::string session_id, std::string message, std::string id,
                             Clock::time_point& sent, std::uint64_t& errors) {
  boost::system::error_code ec;
  sent = Clock::now();
  const auto frame =
      client_frame(MessageType::chat_request, protocol::to_json(protocol::ChatRequest{session_id, message, std::nullopt}), id);
  co_await connection.send(frame, ec);
  if (ec) ++errors;
}

std::string make_words(unsigned words, unsigned word_bytes) {
  std::string text;
  const unsigned letters = std::max(1u, word_bytes) - 1;
  text.reserve(static_cast<std::size_t>(words) * (letters + 1));
  for (unsigned i = 0; i < words; ++i) {
    for (unsigned j = 0; j < letters; ++j) text.push_back(static_cast<char>('a' + (i + j) % 26));
    text.push_back(' ');
  }
  return text;
}

}  // namespace

Report run_push(const Options& options) {
  Report report;
  report.scenario = "push";
  report.url = options.url;
  const auto started = Clock::now();
  const auto cpu = process_cpu_time();
  asio::io_context io;
  const std::string session_id = ensure_session(io, options, "tether-bench push");
  Latencies handshake;
  auto connections = connect_all(io, options, options.connections, handshake, report.errors);
  std::atomic<unsigned> joined{0};
  std::string refusal;
  for (std::size_t i = 0; i < connections.size(); ++i) {
    if (connections[i]) {
      asio::co_spawn(connections[i]->executor(),
                     join(*connections[i], session_id, static_cast<unsigned>(i), joined, report.errors, refusal),
                     asio::detached);
    }
  }
  run_io(io, 1, Clock::now() + std::chrono::seconds(30));  // one thread: report.errors and refusal are plain
  report.set("tabs", joined.load());
  if (joined.load() < connections.size() || !connections[0]) {
    report.errors += 1;
    report.notes.push_back("not every tab could join session " + session_id +
                           (refusal.empty() ? std::string() : " (" + refusal + ")") +
                           "; check --session, or leave it out to create a session");
    report.finish(started, cpu, options.threads);
    return report;
  }

  const std::string message = make_words(options.words, options.word_bytes);
  std::uint64_t events = 0, bytes = 0, frames = 0;
  Clock::time_point first = Clock::time_point::max(), last{};
  double turn_seconds = 0;
  const auto server_cpu_before = read_cpu_seconds(options.server_pid);
  for (unsigned round = 0; round < std::max(1u, options.rounds); ++round) {
    const std::string request_id = "bench-push-" + protocol::generate_id();
    const StreamEventScanner scanner(session_id, request_id);
    std::vector<TabStats> tabs(connections.size());
    const auto hard_stop = Clock::now() + seconds(options.duration_s);
    for (std::size_t i = 0; i < connections.size(); ++i) {
      if (!connections[i]) continue;
      asio::co_spawn(connections[i]->executor(), read_stream(*connections[i], scanner, request_id, hard_stop, tabs[i]),
                     asio::detached);
    }
    Clock::time_point sent{};
    asio::co_spawn(connections[0]->executor(),
                   send_request(*connections[0], session_id, message, request_id, sent, report.errors), asio::detached);
    run_io(io, options.threads, hard_stop + std::chrono::seconds(1));
    std::uint64_t most = 0;
    Clock::time_point round_last{};
    for (const auto& tab : tabs) most = std::max(most, tab.events);
    for (std::size_t i = 0; i < tabs.size(); ++i) {
      if (!connections[i]) continue;
      const auto& tab = tabs[i];
      events += tab.events;
      bytes += tab.bytes;
      frames += tab.frames;
      report.errors += tab.errors;
      if (!tab.complete || tab.events != most) ++report.errors;  // a tab that missed events
      if (tab.events > 0) {
        first = std::min(first, tab.first);
        last = std::max(last, tab.last);
        round_last = std::max(round_last, tab.last);
      }
    }
    if (round_last > sent) turn_seconds += std::chrono::duration<double>(round_last - sent).count();
    if (round == 0) report.set("events_per_tab", static_cast<double>(most));
  }
  const auto server_cpu_after = read_cpu_seconds(options.server_pid);
  if (server_cpu_before && server_cpu_after && *server_cpu_after > *server_cpu_before) {
    const double cpu = *server_cpu_after - *server_cpu_before;
    report.set("server_cpu_s", cpu);
    report.set("events_per_server_cpu_s", static_cast<double>(events) / cpu);
  }
  const double window = last > first ? std::chrono::duration<double>(last - first).count() : 0;
  report.set("events_delivered", static_cast<double>(events));
  // From the chat_request to the last tab's last event: what a user waits for. The
  // first-to-last window is also given, but batching can shrink it to a few frames.
  report.set("events_per_s", turn_seconds > 0 ? static_cast<double>(events) / turn_seconds : 0);
  report.set("events_per_s_first_to_last", window > 0 ? static_cast<double>(events) / window : 0);
  report.set("bytes_per_event", events ? static_cast<double>(bytes) / static_cast<double>(events) : 0);
  report.set("events_per_frame", frames ? static_cast<double>(events) / static_cast<double>(frames) : 0);
  report.set("mb_per_s", window > 0 ? static_cast<double>(bytes) / window / 1e6 : 0);
  if (auto rss = read_rss_kib(options.server_pid)) report.set("server_rss_kib", static_cast<double>(*rss));
  close_all(io, connections);
  report.finish(started, cpu, options.threads);
  return report;
}

}  // namespace tether::bench
