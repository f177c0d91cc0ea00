// Everything `tether serve` can be told, with its default and why. Filled from the
// command line and TETHER_* variables (cli/serve_command.cpp), checked once by
// validate() before anything listens.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tether::server {

struct ServerConfig {
  // Loopback only by default: this server drives an agent that can run commands.
  std::string host = "127.0.0.1";
  // 0 picks a free port (tests); the printed URL shows the real one.
  std::uint16_t port = 3000;
  // Required on every API request. Empty: a random 256-bit token is made at start.
  std::string token;
  // Where tether.db lives. Empty: $XDG_DATA_HOME/tether, else ~/.local/share/tether.
  std::filesystem::path data_dir;
  // The built web UI. Empty: the folder the build produced (web/dist).
  std::filesystem::path web_root;
  // More names (Host header, any port) the server answers to besides loopback ones.
  std::vector<std::string> allowed_hosts;
  // Extra origins allowed to use the API (exact "scheme://host:port").
  std::vector<std::string> allowed_origins;
  // auto | echo | claude-code.
  std::string backend = "auto";
  // Pause between the echo backend's words: 20 ms reads like a fast typist.
  std::chrono::milliseconds echo_delay{20};
  // One WebSocket message (or HTTP body) at most; larger: message_too_large, close 1009.
  std::size_t max_message_bytes = 1 << 20;
  // What one connection may have queued for sending before it is closed with 1013:
  // a tab that stopped reading must not grow the server without bound.
  std::size_t max_queued_bytes = 16 << 20;
  // Upgrades beyond this many open WebSockets get 503 with Retry-After.
  std::size_t max_connections = 20000;
  // How often clients are told to ping; the server closes a connection silent for 4x this.
  std::chrono::milliseconds heartbeat_interval{15000};
  // I/O threads; 0 = one per core.
  unsigned threads = 0;
  // text | json (one JSON object per log line, for machines).
  std::string log_format = "text";
  // trace | debug | info | warn | error.
  std::string log_level = "info";

  // An error in words, or nothing when the configuration can be used.
  std::optional<std::string> validate() const;
  std::filesystem::path database_file() const;
};

// Fills the derived defaults (data dir, web root, token).
ServerConfig with_defaults(ServerConfig config);

}  // namespace tether::server
