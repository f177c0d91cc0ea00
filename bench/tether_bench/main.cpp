// tether-bench: a load and fault generator for a Tether server (or a peer that speaks
// the same protocol subset, docs/benchmarks.md). Every loop is bounded in count and
// time, and it only talks to the URL it is given.
#include "bench/tether_bench/scenarios.hpp"

#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>

namespace {

using tether::bench::Options;
using tether::bench::Report;

void add_common(CLI::App& command, Options& options, std::string& json_path, std::string& token) {
  command.add_option("--url", options.url, "ws://HOST:PORT/api/claude/ws, http://HOST:PORT/ or the URL `tether serve` prints")
      ->required();
  command.add_option("--token", token, "Bearer token (else the URL's ?token=)");
  command.add_option("--json", json_path, "Also write the report as JSON to this file ('-' = stdout)");
  command.add_option("--server-pid", options.server_pid, "Read this process's VmRSS (/proc/PID/status)");
  command.add_option("--threads", options.threads, "Load generator I/O threads")->check(CLI::Range(1u, 64u));
  command.add_option("--connect-concurrency", options.connect_concurrency, "Handshakes in progress at once")
      ->check(CLI::Range(1u, 4096u));
  command.add_option("--connect-timeout", options.connect_timeout_s, "Seconds for one connect + upgrade")
      ->check(CLI::Range(0.1, 120.0));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"tether-bench: load and fault generator for Tether and its peers"};
  app.require_subcommand(1);
  Options options;
  std::string json_path;
  std::string token;
  const auto limits = [&](CLI::App& command) { add_common(command, options, json_path, token); };

  auto* connections = app.add_subcommand("connections", "Open N idle authenticated connections; server memory per connection");
  limits(*connections);
  connections->add_option("-c,--connections", options.connections, "Connections (default 100)")->check(CLI::Range(1u, 60000u));
  connections->add_option("-d,--duration", options.duration_s, "Seconds to hold them")->check(CLI::Range(0.0, 3600.0));

  auto* pingpong = app.add_subcommand("pingpong", "C connections x D pings in flight: msg/s and round-trip latency");
  limits(*pingpong);
  pingpong->add_option("-c,--connections", options.connections, "Connections (default 100)")->check(CLI::Range(1u, 60000u));
  pingpong->add_option("-n,--in-flight", options.in_flight, "Pings outstanding per connection (default 8)")
      ->check(CLI::Range(1u, 1024u));
  pingpong->add_option("-d,--duration", options.duration_s, "Measured seconds (default 5)")->check(CLI::Range(0.1, 3600.0));
  pingpong->add_option("--warmup", options.warmup_s, "Seconds not measured first (default 1)")->check(CLI::Range(0.0, 60.0));

  auto* push = app.add_subcommand("push", "C tabs join one session; one chat_request; chat_stream events/s over all tabs");
  limits(*push);
  push->add_option("-c,--connections", options.connections, "Tabs (default 100)")->check(CLI::Range(1u, 60000u));
  push->add_option("-w,--words", options.words, "Words of the echoed message = events per tab (default 2000)")
      ->check(CLI::Range(1u, 100000u));
  push->add_option("--word-bytes", options.word_bytes, "Bytes per word (default 8)")->check(CLI::Range(1u, 4096u));
  push->add_option("-r,--rounds", options.rounds, "chat_requests, one after the other (default 1)")->check(CLI::Range(1u, 1000u));
  push->add_option("--session", options.session, "Join this session (peers) instead of creating one over REST");
  push->add_option("-d,--duration", options.duration_s, "Time limit per round in seconds (default 5)")->check(CLI::Range(0.1, 3600.0));

  auto* storm = app.add_subcommand("storm",
                                   "N streaming clients; restart the server meanwhile (see --ready-file); all must come back "
                                   "with no lost or duplicated event");
  limits(*storm);
  storm->add_option("-c,--connections", options.connections, "Clients (default 100)")->check(CLI::Range(1u, 60000u));
  storm->add_option("-s,--sessions", options.sessions, "Sessions the clients are spread over (default 10)")->check(CLI::Range(1u, 10000u));
  storm->add_option("-w,--words", options.words, "Words each session's reply streams (default 2000)")->check(CLI::Range(1u, 100000u));
  storm->add_option("-d,--duration", options.duration_s, "Time limit in seconds (default 5)")->check(CLI::Range(1.0, 3600.0));
  storm->add_option("--ready-file", options.ready_file, "Created once every session streams: the moment to restart the server");

  auto* soak = app.add_subcommand("soak", "C connections pinging at a fixed rate for a long time; server RSS over time");
  limits(*soak);
  soak->add_option("-c,--connections", options.connections, "Connections (default 100)")->check(CLI::Range(1u, 60000u));
  soak->add_option("--rate", options.rate, "Pings per second per connection (default 1)")->check(CLI::Range(0.01, 10000.0));
  soak->add_option("-d,--duration", options.duration_s, "Seconds (default 5)")->check(CLI::Range(0.1, 86400.0));

  auto* history = app.add_subcommand(
      "history", "A session of N turns built through the server; the cost of opening it from the tail and whole, "
                 "and of paging back to its start");
  limits(*history);
  history->add_option("-t,--turns", options.turns, "Turns (default 1000)")->check(CLI::Range(1u, 1000000u));
  history->add_option("--turn-bytes", options.turn_bytes, "Bytes of each message and of its reply (default 10000)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  history->add_option("--phase-limit", options.phase_limit_s, "Time limit of each phase in seconds (default 600)")
      ->check(CLI::Range(1.0, 86400.0));

  auto* sessions = app.add_subcommand(
      "sessions", "S stored sessions (one turn each, then left to unload) and A of them opened by a tab each; "
                  "the server's RSS at each step");
  limits(*sessions);
  sessions->add_option("--stored", options.stored_sessions, "Sessions created (default 10000)")
      ->check(CLI::Range(1u, 1000000u));
  sessions->add_option("--active", options.active_sessions, "Of those, opened by a tab each (default 100)")
      ->check(CLI::Range(1u, 10000u));
  sessions->add_option("--settle", options.settle_s,
                       "Seconds to wait for the server to unload the stored sessions (default 5)")
      ->check(CLI::Range(0.0, 3600.0));
  sessions->add_option("--phase-limit", options.phase_limit_s, "Time limit of each phase in seconds (default 600)")
      ->check(CLI::Range(1.0, 86400.0));

  CLI11_PARSE(app, argc, argv);

  try {
    options.target = tether::bench::parse_target(options.url, token);
    Report report;
    if (connections->parsed()) {
      report = tether::bench::run_connections(options);
    } else if (pingpong->parsed()) {
      report = tether::bench::run_pingpong(options);
    } else if (push->parsed()) {
      report = tether::bench::run_push(options);
    } else if (storm->parsed()) {
      report = tether::bench::run_storm(options);
    } else if (history->parsed()) {
      report = tether::bench::run_history(options);
    } else if (sessions->parsed()) {
      report = tether::bench::run_sessions(options);
    } else {
      if (options.rate <= 0) options.rate = 1;
      report = tether::bench::run_soak(options);
    }
    if (json_path == "-") {
      std::cout << report.json() << "\n";
    } else {
      std::cout << report.table();
      if (!json_path.empty()) std::ofstream(json_path) << report.json() << "\n";
    }
    return report.errors == 0 ? 0 : 2;
  } catch (const std::exception& error) {
    std::cerr << "tether-bench: " << error.what() << "\n";
    return 1;
  }
}
