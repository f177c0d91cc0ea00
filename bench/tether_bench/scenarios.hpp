// The scenarios of tether-bench. Each is bounded in count and time, talks only to the
// given target, and fills a Report. The protocol subset each one needs is in
// docs/benchmarks.md ("What a peer implements").
#pragma once

#include "bench/tether_bench/report.hpp"
#include "bench/tether_bench/transport.hpp"

#include <string>

namespace tether::bench {

struct Options {
  Target target;
  std::string url;
  unsigned connections = 100;   // WebSocket connections (tabs, clients)
  unsigned in_flight = 8;       // pingpong: pings outstanding per connection
  double duration_s = 5;        // measured time (pingpong, soak, connections hold); storm: time limit
  double warmup_s = 1;          // pingpong: not measured at the start
  double rate = 0;              // soak: pings per second per connection
  unsigned words = 2000;        // push/storm: words in the chat_request the echo backend streams back
  unsigned word_bytes = 8;      // bytes per word (with its space)
  unsigned rounds = 1;          // push: chat_requests one after the other
  unsigned sessions = 10;       // storm: sessions the clients are spread over
  std::string session;          // push: join this session instead of creating one (peers)
  unsigned connect_concurrency = 64;  // handshakes in progress at once
  double connect_timeout_s = 10;
  int server_pid = 0;           // for RSS; 0 = unknown
  unsigned threads = 1;         // load generator I/O threads
  std::string ready_file;       // storm: written once every session is streaming
  unsigned turns = 1000;        // history: turns in the session
  std::size_t turn_bytes = 10000;  // history: bytes of each message (and of its echoed reply)
  double phase_limit_s = 600;   // history, sessions: time limit of each phase
  unsigned stored_sessions = 10000;  // sessions: created, each with one turn
  unsigned active_sessions = 100;    // sessions: of those, opened by a tab each
  double settle_s = 5;               // sessions: wait before measuring the stored ones
};

Report run_pingpong(const Options& options);     // also `latency` (1 x 1)
Report run_soak(const Options& options);
Report run_push(const Options& options);
Report run_connections(const Options& options);
Report run_storm(const Options& options);
Report run_history(const Options& options);
Report run_sessions(const Options& options);

}  // namespace tether::bench
